/** Time for services. Production uses the system clock; tests move a manual one. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  #ms: number
  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.#ms = typeof start === 'number' ? start : start.getTime()
  }
  now(): Date {
    return new Date(this.#ms)
  }
  set(at: Date | number): void {
    this.#ms = typeof at === 'number' ? at : at.getTime()
  }
  advance(ms: number): void {
    this.#ms += ms
  }
}
