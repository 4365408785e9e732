#!/usr/bin/env bash
# Runs the whole test suite: installs what the interop tests need (BIRD 2, GoBGP, FRR, ExaBGP
# from Debian's packages, through scripts/install-deps.sh), then runs every xunit test in Bgp.sln.
# Outside CI, a machine without root skips the install; the interop tests then skip with a reason.
# Under CI=true nothing is skipped: a missing daemon fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; then
  bash scripts/install-deps.sh
else
  echo "test.sh: not root and no sudo; interop tests will be skipped (run scripts/install-deps.sh as root)" >&2
fi

dotnet test Bgp.sln -c Release \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" \
  "$@"
