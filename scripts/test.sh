#!/usr/bin/env bash
# Runs the whole test suite: installs what the interop tests need (BIRD 2, GoBGP, FRR, ExaBGP
# from Debian's packages, through scripts/install-deps.sh), runs every xunit test in Bgp.sln, then
# the end-to-end reflector smoke (bench/e2e/run.sh --smoke).
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

# The end-to-end reflector benchmark at smoke size (5 clients x 1,000 routes): BIRD 2, GoBGP, FRR
# and ours must converge to the same route set. A check, not a timing (bench/e2e/README.md).
if command -v bird >/dev/null 2>&1 && command -v gobgpd >/dev/null 2>&1 && [ -x /usr/lib/frr/bgpd ]; then
  bash bench/e2e/run.sh --smoke --include-ours
elif [ "${CI:-}" = true ]; then
  echo "test.sh: the reference daemons are missing; scripts/install-deps.sh should have installed them" >&2
  exit 1
else
  echo "test.sh: skipping the end-to-end smoke: BIRD, GoBGP or FRR is missing (run scripts/install-deps.sh as root)" >&2
fi
