import type { Problem } from './report.ts'

/** Collects problems and keeps track of the first bad entry and checkpoint. */
export class Findings {
  readonly problems: Problem[] = []
  count = 0
  firstEntry: Problem | null = null
  firstCheckpoint: Problem | null = null

  constructor(private readonly max: number) {}

  add(p: Problem): void {
    this.count++
    if (this.problems.length < this.max) this.problems.push(p)
    if (p.seq !== undefined && (this.firstEntry === null || p.seq < this.firstEntry.seq!)) this.firstEntry = p
    if (p.checkpoint && (this.firstCheckpoint === null || p.checkpoint.index < this.firstCheckpoint.checkpoint!.index)) this.firstCheckpoint = p
  }
}
