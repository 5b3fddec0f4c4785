#!/usr/bin/env bash
# The Redis idempotency-store tests run against a real redis-server (Debian package), which they
# start themselves on free loopback ports. Installs it when missing; without it, CI fails those tests.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(redis-server --version | cut -d' ' -f1-3)"
  exit 0
fi
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "redis-server missing: installing it with apt-get"
$sudo apt-get update -qq
# The package's own service (port 6379) is not used; in containers it does not even start.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
redis-server --version
