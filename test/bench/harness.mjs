// Tiny benchmark harness shared by every test/bench/*.bench.mjs file.
// Benches import the BUILT package (dist/), so they measure what ships.
// Each figure is printed beside a baseline measured in the same run, as a ratio.
import { performance } from 'node:perf_hooks';

/**
 * Runs fn repeatedly for about `ms` milliseconds after a warm-up and returns operations per
 * second: the median of five equal windows, so one noisy window (GC, another process) does not
 * decide the figure.
 */
export async function opsPerSec(fn, { ms = 1000, warmupMs = 150, windows = 5 } = {}) {
  const isAsync = fn() instanceof Promise;
  const run = async (budget) => {
    let ops = 0;
    let batch = 1;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < budget) {
      for (let i = 0; i < batch; i++) {
        if (isAsync) await fn();
        else fn();
      }
      ops += batch;
      elapsed = performance.now() - start;
      if (elapsed < budget / 20) batch *= 2;
    }
    return (ops * 1000) / elapsed;
  };
  await run(warmupMs);
  const rates = [];
  for (let i = 0; i < windows; i++) rates.push(await run(ms / windows));
  return rates.sort((a, b) => a - b)[Math.floor(windows / 2)];
}

const fmt = (n) =>
  n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(3);

/** Prints a section heading. */
export function section(title) {
  console.log(`\n## ${title}`);
}

/**
 * Prints one figure beside its baseline.
 * @param {{ name: string, value: number, unit: string, baseline: { name: string, value: number },
 *           goal?: { op: '>=' | '<=', ratio: number }, higherIsBetter?: boolean }} row
 */
export function compare(row) {
  const ratio = row.value / row.baseline.value;
  let verdict = '';
  if (row.goal) {
    const met = row.goal.op === '>=' ? ratio >= row.goal.ratio : ratio <= row.goal.ratio;
    verdict = ` goal ${row.goal.op} ${row.goal.ratio}x: ${met ? 'met' : 'MISSED'}`;
  }
  console.log(
    `${row.name}: ${fmt(row.value)} ${row.unit} | baseline ${row.baseline.name}: ${fmt(row.baseline.value)} ${row.unit} | ratio ${ratio.toFixed(3)}x${verdict}`,
  );
  return ratio;
}

/** Prints a figure checked against an absolute goal (sizes, milliseconds). */
export function absolute({ name, value, unit, goal }) {
  let verdict = '';
  if (goal) {
    const met = goal.op === '>=' ? value >= goal.value : value <= goal.value;
    verdict = ` goal ${goal.op} ${goal.value} ${unit}: ${met ? 'met' : 'MISSED'}`;
  }
  console.log(`${name}: ${fmt(value)} ${unit}${verdict}`);
}
