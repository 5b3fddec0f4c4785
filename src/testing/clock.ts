interface ClockTimer {
  at: number;
  fn: () => void | Promise<void>;
  id: number;
}

/**
 * The emulator's clock, as `emulator.clock`. Three ways to run it:
 * - real time (the default): it reads the host clock, and a small unref'd
 *   driver runs timers as they fall due;
 * - sped up (`timeScale`, e.g. 3600: one real second is one emulator hour), for demos;
 * - frozen (`start`, `freeze()` or the first `advance(ms)`): only `advance`
 *   moves it, running every timer that falls due on the way. Tests use this.
 * Timers scheduled on it (the rotation scheduler, retries, revocations) fire
 * on emulator time in every mode; leases expire by its reading.
 *
 * @example
 * ```ts
 * const emulator = createBaxterEmulator({ now: new Date('2026-03-17T00:00:00Z') }); // frozen
 * await emulator.clock.advance(24 * 3600_000); // runs every rotation and revocation due within the day
 * emulator.clock.date(); // 2026-03-18T00:00:00.000Z
 * ```
 */
export class EmulatorClock {
  #offset = 0;
  #frozenAt: number | undefined;
  /** Running mode: emulator time = anchorAt + (host now - anchorHost) * scale + offset. */
  #anchorAt = 0;
  #anchorHost = 0;
  #scale = 1;
  #timers: ClockTimer[] = [];
  #nextId = 1;
  #driver: ReturnType<typeof setInterval> | undefined;
  #draining: Promise<void> | undefined;
  #stopped = false;

  /** How often, in real milliseconds, the running clock looks for due timers. */
  static readonly DRIVER_INTERVAL_MS = 20;

  constructor(options: { start?: Date | number | undefined; timeScale?: number | undefined } = {}) {
    const scale = options.timeScale ?? 1;
    if (!Number.isFinite(scale) || scale <= 0) throw new TypeError('@bella-baxter/sdk/testing: timeScale must be a number > 0');
    if (options.timeScale !== undefined) {
      // Sped up: runs from `start` (or now), never frozen.
      this.#run(options.start === undefined ? Date.now() : +options.start, scale);
    } else if (options.start !== undefined) {
      this.#frozenAt = +options.start;
    } else {
      this.#run(Date.now(), 1);
    }
  }

  /** Milliseconds since the epoch, emulator time. */
  now(): number {
    if (this.#frozenAt !== undefined) return this.#frozenAt + this.#offset;
    return this.#anchorAt + (Date.now() - this.#anchorHost) * this.#scale + this.#offset;
  }

  /** Emulator time as a `Date`. */
  date(): Date {
    return new Date(this.now());
  }

  /** One real millisecond is this many emulator milliseconds while running (1 in real time). */
  get timeScale(): number {
    return this.#scale;
  }

  /** Stops the clock at its current reading (or at `at`): from now on only `advance` moves it. */
  freeze(at?: Date | number): void {
    this.#frozenAt = at === undefined ? this.now() : +at;
    this.#offset = 0;
    this.#stopDriver();
  }

  /** Lets a frozen clock run again from its current reading, in real time or sped up by `timeScale`. */
  resume(timeScale: number = this.#scale): void {
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new TypeError('@bella-baxter/sdk/testing: timeScale must be a number > 0');
    this.#run(this.now(), timeScale);
    this.#ensureDriver();
  }

  /** Moves time forward and runs every timer that falls due, in order, awaiting each. Freezes a running clock first. */
  async advance(ms: number): Promise<void> {
    if (this.#frozenAt === undefined) this.freeze();
    const target = this.now() + ms;
    for (;;) {
      const due = this.#takeDue(target);
      if (!due) break;
      this.#offset += Math.max(0, due.at - this.now());
      await due.fn();
    }
    this.#offset += Math.max(0, target - this.now());
  }

  /** Runs `fn` when emulator time reaches `at` (by `advance`, or by the driver while running). Returns a cancel function. */
  at(at: number, fn: () => void | Promise<void>): () => void {
    const timer = { at, fn, id: this.#nextId++ };
    this.#timers.push(timer);
    this.#ensureDriver();
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Runs the timers already due without moving a frozen clock (the running clock's driver calls it). */
  runDue(): Promise<void> {
    // One drain at a time: a slow timer (a webhook call) must not be started twice.
    if (this.#draining) return this.#draining;
    const drain = (async () => {
      // Yield first, so `#draining` is set before the loop can finish.
      await Promise.resolve();
      for (;;) {
        const due = this.#takeDue(this.now());
        if (!due) break;
        try {
          await due.fn();
        } catch {
          // A timer's owner reports its own failures; one bad timer must not stall the rest.
        }
      }
    })();
    this.#draining = drain.finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  /** Whether time only moves by `advance`. */
  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }

  /** How many timers are scheduled (for tests and diagnostics). */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Stops the real-time driver for good and forgets every timer (the emulator's `close()`). */
  stop(): void {
    this.#stopped = true;
    this.#timers = [];
    this.#stopDriver();
  }

  #run(from: number, scale: number): void {
    this.#frozenAt = undefined;
    this.#offset = 0;
    this.#anchorAt = from;
    this.#anchorHost = Date.now();
    this.#scale = scale;
  }

  #takeDue(limit: number): ClockTimer | undefined {
    let due: ClockTimer | undefined;
    for (const t of this.#timers) if (t.at <= limit && (!due || t.at < due.at || (t.at === due.at && t.id < due.id))) due = t;
    if (due) this.#timers = this.#timers.filter((t) => t !== due);
    return due;
  }

  /** Started lazily (only once something is scheduled on a running clock), unref'd, and stopped when idle. */
  #ensureDriver(): void {
    if (this.#driver || this.#stopped || this.#frozenAt !== undefined || this.#timers.length === 0) return;
    this.#driver = setInterval(() => {
      if (this.#frozenAt !== undefined || this.#timers.length === 0) return this.#stopDriver();
      void this.runDue().catch(() => undefined);
    }, EmulatorClock.DRIVER_INTERVAL_MS);
    this.#driver.unref?.();
  }

  #stopDriver(): void {
    if (this.#driver) clearInterval(this.#driver);
    this.#driver = undefined;
  }
}
