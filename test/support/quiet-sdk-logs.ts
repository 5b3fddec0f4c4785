// The SDK's default logger writes `bella-baxter warn: ...` lines to stderr, and many tests provoke
// failures on purpose (faults, bad schemas, revoked keys): their lines buried the test report.
// They are dropped here; tests that check those lines spy on process.stderr.write themselves.
// BELLA_TEST_LOGS=1 keeps them.
if (!process.env.BELLA_TEST_LOGS) {
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && chunk.startsWith('bella-baxter ') ? true : write(chunk, ...rest)) as typeof process.stderr.write;
}
