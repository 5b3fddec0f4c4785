import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `RELIABILITY=full`: the long runs (100k property runs, a longer chaos run). CI runs the default. */
export const FULL = process.env.RELIABILITY === 'full';

/** fast-check runs: `quick` by default, 100,000 under `RELIABILITY=full`. */
export const propertyRuns = (quick: number): number => (FULL ? 100_000 : quick);

/** The chaos run's seed: `RELIABILITY_SEED`, else a fixed one, so a failure replays. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_201);

const FIGURES = join(__dirname, '../../.tmp/reliability-figures.json');

/** Merges figures into .tmp/reliability-figures.json (what the README's Reliability section quotes). */
export function recordFigures(figures: Record<string, unknown>): void {
  mkdirSync(join(FIGURES, '..'), { recursive: true });
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(FIGURES, 'utf8')) as Record<string, unknown>;
  } catch {
    // First writer.
  }
  writeFileSync(FIGURES, JSON.stringify({ ...current, ...figures }, null, 2) + '\n');
}
