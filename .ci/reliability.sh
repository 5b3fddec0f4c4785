#!/usr/bin/env bash
# The reliability suite (test/reliability/ and the fast-check properties), kept out of `npm test`:
# a seeded chaos run over loopback (~10 s), the canary leak scan and the path-safety sweep.
# RELIABILITY=full (not set in CI) runs 100k property runs and a 45 s chaos run.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run test:reliability
node -e "
  const f = require('./.tmp/reliability-figures.json');
  const c = f.chaos;
  console.log('reliability: ' + c.requests + ' requests, ' + c.faults + ' faults, 0 crashes, ' + c.unhandledRejections + ' unhandled rejections, ' + c.violations + ' invariant violations, leaks found: ' + f.leakScan.leaksFound + ', traversals: ' + f.pathSweep.traversals);
"
