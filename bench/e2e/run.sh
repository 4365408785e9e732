#!/usr/bin/env bash
# End-to-end route reflector benchmark (issue 5): the same load through BIRD 2, GoBGP, FRR (and
# ours) as route reflectors, in a network namespace this script creates and deletes.
#
#   bench/e2e/run.sh [--clients P] [--prefixes M] [--daemons bird,gobgp,frr,ours] [--include-ours]
#                    [--sweep] [--sweep-prefixes 1000,5000,10000] [--timeout S] [--smoke] [--jit]
#   bench/e2e/run.sh --scale [--include-ours] [--daemons ...] [--clients P] [--prefixes M] [--hold S] [--observe S]
#
# No flags: P = 5 clients, a sweep over M = 1,000 / 5,000 / 10,000 prefixes each, BIRD, GoBGP, FRR.
# --smoke: 5 × 1,000, every available daemon; exits non-zero unless all converge to the same routes.
# Ours runs as shipped, a native AOT binary (dotnet publish -p:PublishAot=true); --jit runs bgpd.dll
#          on the .NET runtime instead, for comparison.
# --scale: 1,000 clients × 100 prefixes, hold time 9 s, every client a full receiver; BIRD, FRR (+ ours);
#          reports convergence, CPU, peak RSS and keepalive punctuality; exits non-zero on any drop or
#          on a client's silence from the reflector over 2/3 of the hold time.
# See bench/e2e/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARTIFACTS=${E2E_ARTIFACTS:-/tmp/art-e2e}
WORK=$(mktemp -d /tmp/bgp-e2e.XXXXXX)
NS="bgpbench-$(basename "$WORK" | cut -d. -f2)"

needs_ours=0
jit=0
args=()
for arg in "$@"; do
  case "$arg" in
    --jit) jit=1; continue ;;
    --include-ours | *ours*) needs_ours=1 ;;
  esac
  args+=("$arg")
done
set -- "${args[@]+"${args[@]}"}"

echo "building (artifacts in $ARTIFACTS) ..."
build() {
  local output
  if ! output=$(dotnet build "$1" -c Release --artifacts-path "$ARTIFACTS" -v quiet -nologo 2>&1); then
    echo "$output" >&2
    echo "build of $1 failed" >&2
    exit 2
  fi
}
build "$ROOT/bench/e2e/Bgp.E2e/Bgp.E2e.csproj"
BGPD_ARGS=()
if [ "$needs_ours" = 1 ]; then
  export E2E_OURS_VERSION
  E2E_OURS_VERSION="$(git -C "$ROOT" log -1 --format='%h %cs')"
  if [ "$jit" = 1 ]; then
    build "$ROOT/src/Bgp.Speaker/Bgp.Speaker.csproj"
    BGPD_ARGS=(--bgpd "$ARTIFACTS/bin/Bgp.Speaker/release/bgpd.dll")
    E2E_OURS_VERSION="$E2E_OURS_VERSION, JIT"
  else
    echo "publishing bgpd as a native AOT binary (scripts/publish-bgpd.sh) ..."
    if ! output=$(bash "$ROOT/scripts/publish-bgpd.sh" "$ARTIFACTS/aot" 2>&1); then
      echo "$output" >&2
      echo "native AOT publish of bgpd failed; --jit runs bgpd.dll instead" >&2
      exit 2
    fi
    BGPD_ARGS=(--bgpd "$ARTIFACTS/aot/bgpd")
    E2E_OURS_VERSION="$E2E_OURS_VERSION, native AOT"
  fi
fi
DLL="$ARTIFACTS/bin/Bgp.E2e/release/Bgp.E2e.dll"

netns_created=0
cleanup() {
  if [ "$netns_created" = 1 ]; then
    # Whatever still runs in our namespace was started by this run: stop it by PID, then delete it.
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true
    netns_created=0
  fi
  if [ "${rc:-0}" = 0 ] || [ -z "${child:-}" ]; then rm -rf "$WORK"; else echo "daemon configs and logs kept in $WORK" >&2; fi
}
trap cleanup EXIT

# The harness runs in the background so that Ctrl-C or a TERM reaches this script at once; it is
# forwarded as SIGTERM (background jobs ignore SIGINT), the harness stops its daemon by PID and
# prints what it has, then the EXIT trap deletes the namespace.
child=
forward() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap forward INT TERM

COMMON=(--results "$ROOT/bench/e2e/results" --work "$WORK" "${BGPD_ARGS[@]}")
rc=0
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && ip netns add "$NS" 2>/dev/null; then
  netns_created=1
  ip -n "$NS" link set lo up
  ip netns exec "$NS" dotnet "$DLL" --netns "$NS" "${COMMON[@]}" "$@" &
else
  echo "WARNING: cannot create a network namespace (root and iproute2 needed); falling back to host loopback" >&2
  dotnet "$DLL" "${COMMON[@]}" "$@" &
fi
child=$!
# wait returns early when a trapped signal arrives; then wait for the harness to finish stopping.
wait "$child" || rc=$?
while kill -0 "$child" 2>/dev/null; do wait "$child" || rc=$?; done
exit "$rc"
