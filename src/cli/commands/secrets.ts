/** Placeholder until the `secrets` command lands. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('bella: secrets is not available yet.\n');
  return 125;
}
