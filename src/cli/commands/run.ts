/** Placeholder until the `run` command lands. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('bella: run is not available yet.\n');
  return 125;
}
