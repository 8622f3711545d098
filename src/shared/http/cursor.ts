import { ValidationError } from '../errors.ts'

/** 400: a cursor this API did not hand out (undecodable, or holding what no row has). */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super('cursor is not one this API returned', { field: 'cursor' })
  }
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/

/** The cursor of a page ordered by (time, id): opaque to clients. */
export function encodeTimeIdCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
}

/**
 * Reads a cursor made by {@link encodeTimeIdCursor}; anything else (not base64url, a date that
 * does not parse, an id with characters ids never have) is a 400, never a query.
 */
export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw new InvalidCursorError()
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const [at, id] = parts
  const when = new Date(at ?? '')
  if (parts.length !== 2 || !at || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) || Number.isNaN(when.getTime()) || !id || !ID.test(id)) throw new InvalidCursorError()
  return { at: when, id }
}

const INT8_MAX = (1n << 63n) - 1n

/** A cursor that is a non-negative int8 (a sequence number); 400 otherwise. */
export function decodeInt8Cursor(cursor: string): bigint {
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > INT8_MAX) throw new InvalidCursorError()
  return BigInt(cursor)
}
