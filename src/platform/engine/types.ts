import type { Kysely, Selectable } from 'kysely'
import type { PlatformContext } from '../context.ts'
import type { PlatformDB } from '../db/schema.ts'
import type { WorkflowKind, WorkflowsTable } from './tables.ts'

/** A workflow as stored. */
export type WorkflowRow = Selectable<WorkflowsTable>

/** Something to do inside the transaction that records a step's outcome. */
export type ApplyInTx = (tx: Kysely<PlatformDB>) => Promise<void>

/** An audit note for the step (the engine adds workflow, kind and step). */
export interface StepAudit {
  action: string
  details?: Record<string, unknown>
}

/**
 * What a step decided. The engine records it in one transaction together
 * with `apply`, and only while it still holds the workflow's lease.
 */
export type StepOutcome =
  /** Go on to `step` (at once, in the same claim). */
  | { type: 'next'; step: string; state?: Record<string, unknown>; apply?: ApplyInTx; audit?: StepAudit }
  /** Come back in `ms` (or sooner, when a webhook about `waitingOn` arrives). */
  | { type: 'wait'; ms: number; waitingOn?: string | null; state?: Record<string, unknown>; audit?: StepAudit }
  /** The workflow is finished. */
  | { type: 'done'; state?: Record<string, unknown>; apply?: ApplyInTx; audit?: StepAudit }
  /** The workflow cannot go on without an operator (who may retry it). */
  | { type: 'fail'; code: string; message: string; state?: Record<string, unknown>; apply?: ApplyInTx }

export type StepHandler = (ctx: PlatformContext, wf: WorkflowRow) => Promise<StepOutcome>

export interface WorkflowDefinition {
  kind: WorkflowKind
  /** Steps by name; a workflow starts at the step it was created with. */
  steps: Record<string, StepHandler>
  /** Called in the transaction that marks the workflow FAILED (e.g. to tell webhook subscribers). */
  onFailed?: (tx: Kysely<PlatformDB>, ctx: PlatformContext, wf: WorkflowRow, code: string, message: string) => Promise<void>
}

/** The workflows a worker runs, by kind (a row of a kind with no definition is left alone). */
export type WorkflowDefinitions = Partial<Record<WorkflowKind, WorkflowDefinition>>

/** The workflow's state object, typed by the caller. */
export function stateOf<T extends Record<string, unknown>>(wf: WorkflowRow): T {
  return (wf.state ?? {}) as T
}
