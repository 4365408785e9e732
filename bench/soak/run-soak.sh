#!/usr/bin/env bash
# 500-session soak (issue 3): one measured speaker, N passive peers on 127.X.0.0/16 loopback, the far
# sides in a child process. Usage: bench/soak/run-soak.sh [--peers 500] [--minutes 3] [--hold 9]
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each side holds one socket per session, plus the runtime's own descriptors.
ulimit -n 8192 2>/dev/null || true
artifacts="${SOAK_ARTIFACTS:-/tmp/art-soak}"
dotnet build bench/soak/Bgp.Soak -c Release --artifacts-path "$artifacts" -v quiet -nologo
exec dotnet "$artifacts/bin/Bgp.Soak/release/Bgp.Soak.dll" "$@"
