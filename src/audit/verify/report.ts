/** What can be wrong with an export; stable codes an auditor's tooling can match. */
export type ProblemCode =
  | 'MANIFEST_INVALID'
  | 'KEY_INVALID'
  | 'SEGMENT_MISSING'
  | 'SEGMENT_HASH_MISMATCH'
  | 'SEGMENT_RANGE_MISMATCH'
  | 'ENTRY_MALFORMED'
  | 'ENTRY_NOT_CANONICAL'
  | 'ENTRY_SEQ_MISMATCH'
  | 'ENTRY_PREV_HASH_MISMATCH'
  | 'ENTRY_HASH_MISMATCH'
  | 'LOG_TRUNCATED'
  | 'HEAD_MISMATCH'
  | 'CHECKPOINT_MALFORMED'
  | 'CHECKPOINT_UNTRUSTED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_ORIGIN_MISMATCH'
  | 'CHECKPOINT_ORDER'
  | 'CHECKPOINT_MANIFEST_MISMATCH'
  | 'CHECKPOINT_BEYOND_LOG'
  | 'CHECKPOINT_ROOT_MISMATCH'
  | 'CHECKPOINT_CONSISTENCY_INVALID'
  | 'ANCHOR_MISMATCH'
  | 'ANCHOR_MISSING'
  | 'ANCHOR_READ_FAILED'

export interface Problem {
  code: ProblemCode
  message: string
  /** The entry (seq = Merkle leaf index) the problem was found at. */
  seq?: number
  /** The checkpoint (by position in the manifest and by tree size). */
  checkpoint?: { index: number; treeSize: number | null }
  /** The segment file. */
  segment?: string
  /** For a checkpoint whose root does not match: the entries it could be in, [from, to). */
  suspectRange?: [number, number]
}

export type AnchorStatus = 'match' | 'mismatch' | 'absent' | 'unchecked' | 'error'

export interface CheckpointResult {
  index: number
  treeSize: number | null
  rootHash: string | null
  valid: boolean
  anchor: AnchorStatus
}

export interface VerifyReport {
  /** True when no problem was found. */
  ok: boolean
  origin: string | null
  /** Entries read and hashed. */
  entries: number
  /** Tree head recomputed over every entry read (hex). */
  rootHash: string
  /** Chain hash of the last entry read (hex). */
  headHash: string
  /** The first entry found bad, by seq: the place to start looking. */
  firstBadEntry: Problem | null
  /** The first checkpoint found bad, by position. */
  firstBadCheckpoint: Problem | null
  checkpoints: CheckpointResult[]
  /** Every problem, in the order found (at most `maxProblems`). */
  problems: Problem[]
  /** Problems found, including those not kept. */
  problemCount: number
  /** True when the checked keys came from the export itself rather than the caller. */
  keysFromExport: boolean
  /** Entries after the last valid checkpoint: no signature covers them. */
  uncheckpointedEntries: number
  warnings: string[]
  /** Worker threads that scanned segments (0: all on the calling thread). */
  threads: number
  durationMs: number
}
