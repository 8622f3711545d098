import { WebhookEventTypeInvalidError } from './webhook-errors.ts'

const NAME = '[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*'
const EVENT_TYPE = new RegExp(`^${NAME}$`)
const PATTERN = new RegExp(`^(?:\\*|${NAME}(?:\\.\\*)?)$`)
const MAX_LENGTH = 128

/** Throws unless `type` is a dotted lower-case name such as `transaction.status_changed`. */
export function assertEventType(type: string): void {
  if (typeof type !== 'string' || type.length > MAX_LENGTH || !EVENT_TYPE.test(type)) {
    throw new WebhookEventTypeInvalidError('an event type is a dotted lower-case name such as transaction.status_changed', String(type))
  }
}

/**
 * Checks and de-duplicates a subscription's patterns: exact names, `*` (every
 * event) or a prefix ending in `.*` (`transaction.*` matches
 * `transaction.status_changed` and `transaction.approval.granted`).
 */
export function normaliseEventPatterns(patterns: readonly string[]): string[] {
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw new WebhookEventTypeInvalidError('events must list at least one event type or pattern', '')
  }
  for (const p of patterns) {
    if (typeof p !== 'string' || p.length > MAX_LENGTH || !PATTERN.test(p)) {
      throw new WebhookEventTypeInvalidError('an event pattern is an event type, "*", or a prefix ending in ".*" such as transaction.*', String(p))
    }
  }
  return [...new Set(patterns)]
}

/** Whether any of `patterns` selects events of `type`. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))))
}
