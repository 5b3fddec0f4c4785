import { chmod, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../shared/atomic-write.js';

/** What writing a sink did (or, in a dry run, would do): only `written` changes what a reader sees (and warrants a signal). */
export type SinkWriteResult = 'written' | 'unchanged' | 'mode-fixed';

/** What {@link writeSink} would do, without touching the file. */
export async function planSinkWrite(path: string, content: string, mode: number): Promise<SinkWriteResult> {
  let current: Buffer | undefined;
  try {
    current = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!current?.equals(Buffer.from(content, 'utf8'))) return 'written';
  return ((await stat(path)).mode & 0o7777) === mode ? 'unchanged' : 'mode-fixed';
}

/**
 * Writes `content` atomically with `mode`, unless the file already holds exactly
 * these bytes: then it is left alone (mtime kept), only its mode corrected.
 */
export async function writeSink(path: string, content: string, mode: number): Promise<SinkWriteResult> {
  const plan = await planSinkWrite(path, content, mode);
  if (plan === 'mode-fixed') await chmod(path, mode);
  if (plan === 'written') await writeFileAtomic(path, content, mode);
  return plan;
}
