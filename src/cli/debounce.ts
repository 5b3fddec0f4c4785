/**
 * A trailing debounce: `run` fires `waitMs` after the last trigger, and at the latest five
 * waits after the first, so a secret changing on every poll still gets applied.
 */
export function createDebounce(waitMs: number, run: () => void): { trigger: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let firstAt: number | undefined;
  const fire = () => {
    timer = undefined;
    firstAt = undefined;
    run();
  };
  return {
    trigger: () => {
      const now = Date.now();
      firstAt ??= now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(waitMs, firstAt + 5 * waitMs - now)));
      timer.unref();
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
