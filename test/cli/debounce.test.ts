import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDebounce } from '../../src/cli/debounce.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createDebounce', () => {
  it('merges triggers into one run after the last, and runs at the latest five waits after the first', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const debounce = createDebounce(2_000, run);
    debounce.trigger();
    vi.advanceTimersByTime(1_500);
    debounce.trigger();
    vi.advanceTimersByTime(1_999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    // A change on every poll (every 1.5 s) still gets applied, after 10 s at most.
    for (let t = 0; t < 10_000; t += 1_500) {
      debounce.trigger();
      vi.advanceTimersByTime(1_500);
    }
    expect(run).toHaveBeenCalledTimes(2);
    debounce.trigger();
    debounce.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
