#!/usr/bin/env bash
# Re-records the captured BGP vectors in tests/Bgp.Protocol.Tests/Vectors/ from real daemons.
#
# How: runs the xunit tests in Category=Capture (tests/Bgp.Protocol.Tests/Capture/VectorCaptureTests.cs)
# with BGP_CAPTURE_WRITE=1. Each test starts BIRD 2 / GoBGP with temp configs on random 127.x.y.z
# addresses, puts a C# TCP recording relay between them, drives the session (announce, withdraw,
# route refresh, administrative shutdown), stops the daemons by PID and writes <name>.txt into
# BGP_VECTORS_DIR. Without BGP_CAPTURE_WRITE=1 those tests are skipped, so normal runs never
# rewrite the committed files. Review `git diff` afterwards and commit the vectors.
#
# Needs: the daemons (scripts/install-deps.sh), the .NET SDK. No root needed for the capture.
# Usage: scripts/capture-vectors.sh [extra dotnet test args]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BGP_CAPTURE_WRITE=1
export BGP_VECTORS_DIR="$root/tests/Bgp.Protocol.Tests/Vectors"
artifacts="${BGP_CAPTURE_ARTIFACTS:-/tmp/art-capture-vectors}"

echo "[capture-vectors] writing into $BGP_VECTORS_DIR"
dotnet test "$root/tests/Bgp.Protocol.Tests" --artifacts-path "$artifacts" \
    --filter "Category=Capture" --logger "console;verbosity=normal" "$@"
echo "[capture-vectors] done:"
ls -l "$BGP_VECTORS_DIR"
