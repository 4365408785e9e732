#!/usr/bin/env bash
# Publishes bgpd as it ships: one native AOT executable (no .NET runtime needed on the host, no JIT,
# about a third of the JIT build's resident memory; see bench/RESULTS.md).
#
#   scripts/publish-bgpd.sh [OUTPUT_DIR]     default: ./out/bgpd  → OUTPUT_DIR/bgpd
#
# Needs the .NET SDK and a C toolchain to link: gcc (Debian's build-essential) is used unless
# CPP_LINKER says otherwise (e.g. CPP_LINKER=clang). The ILCompiler package comes from NuGet.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUTPUT=${1:-$ROOT/out/bgpd}
RID=${RID:-linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')}
ARTIFACTS=${PUBLISH_ARTIFACTS:-/tmp/art-publish-bgpd}

if ! command -v "${CPP_LINKER:-gcc}" >/dev/null; then
  echo "publish-bgpd: ${CPP_LINKER:-gcc} not found; install gcc (apt-get install build-essential) or set CPP_LINKER" >&2
  exit 2
fi

dotnet publish "$ROOT/src/Bgp.Speaker/Bgp.Speaker.csproj" -c Release -r "$RID" \
  -p:PublishAot=true -p:CppCompilerAndLinker="${CPP_LINKER:-gcc}" \
  --artifacts-path "$ARTIFACTS" -o "$OUTPUT" -nologo -v quiet
echo "bgpd published: $OUTPUT/bgpd"
