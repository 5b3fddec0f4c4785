/**
 * The emulator's clock. Real time by default; `freeze()` or `advance(ms)` make
 * it a manual clock that tests drive. Timers scheduled on it (the rotation
 * scheduler, lease expiry) fire as it advances.
 */
export class EmulatorClock {
  #offset = 0;
  #frozenAt: number | undefined;
  #timers: Array<{ at: number; fn: () => void | Promise<void>; id: number }> = [];
  #nextId = 1;

  constructor(options: { start?: Date | number | undefined } = {}) {
    if (options.start !== undefined) this.#frozenAt = +options.start;
  }

  /** Milliseconds since the epoch, emulator time. */
  now(): number {
    return (this.#frozenAt ?? Date.now()) + this.#offset;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Stops the clock at its current reading (or at `at`): from now on only `advance` moves it. */
  freeze(at?: Date | number): void {
    this.#frozenAt = at === undefined ? this.now() : +at;
    this.#offset = 0;
  }

  /** Moves time forward and runs every timer that falls due, in order, awaiting each. */
  async advance(ms: number): Promise<void> {
    if (this.#frozenAt === undefined) this.freeze();
    const target = this.now() + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#offset += Math.max(0, due.at - this.now());
      await due.fn();
    }
    this.#offset += target - this.now();
  }

  /** Runs `fn` when emulator time reaches `at` (by `advance`, or by `runDue()` in real-time mode). Returns a cancel function. */
  at(at: number, fn: () => void | Promise<void>): () => void {
    const timer = { at, fn, id: this.#nextId++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Runs timers already due (used by a real-time ticker). */
  async runDue(): Promise<void> {
    await this.advance(0);
  }

  /** Whether time only moves by `advance`. */
  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }
}
