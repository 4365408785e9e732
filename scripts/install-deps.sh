#!/usr/bin/env bash
# Installs the reference BGP daemons the interop tests and the vector capture run against:
# BIRD 2, GoBGP, FRR, ExaBGP (plus iproute2), and what the native AOT build of bgpd links with
# (gcc, libc6-dev, zlib1g-dev; scripts/publish-bgpd.sh, run by the end-to-end smoke). Idempotent:
# when every binary is already present, apt is not touched at all.
#
# - Runs apt as root, or through sudo when not root.
# - A temporary /usr/sbin/policy-rc.d that exits 101 stops the packages from starting their own
#   services during the install; a pre-existing policy-rc.d is put back afterwards.
# - Services that a package starts anyway are stopped afterwards, but only daemons that run from
#   the packages' own default config paths (never a daemon a test started with its own config).
#
# Usage: scripts/install-deps.sh
set -euo pipefail

log() { printf '[install-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        log "not root and sudo is missing; cannot install packages" >&2
        exit 1
    fi
fi

have_all() {
    command -v bird >/dev/null 2>&1 &&
    command -v birdc >/dev/null 2>&1 &&
    command -v gobgpd >/dev/null 2>&1 &&
    command -v gobgp >/dev/null 2>&1 &&
    [ -x /usr/lib/frr/bgpd ] &&
    command -v exabgp >/dev/null 2>&1 &&
    command -v ip >/dev/null 2>&1 &&
    command -v gcc >/dev/null 2>&1 &&
    [ -e /usr/include/zlib.h ] &&
    [ -e /usr/include/stdio.h ]
}

if have_all; then
    log "bird, birdc, gobgpd, gobgp, /usr/lib/frr/bgpd, exabgp, ip, gcc and the zlib/libc headers are present; nothing to install"
    exit 0
fi

POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=""
restore_policy() {
    if [ -n "$POLICY_BACKUP" ]; then
        log "restoring the previous $POLICY"
        $SUDO mv -f "$POLICY_BACKUP" "$POLICY"
    else
        log "removing the temporary $POLICY"
        $SUDO rm -f "$POLICY"
    fi
}

if [ -e "$POLICY" ]; then
    POLICY_BACKUP="$($SUDO mktemp /usr/sbin/policy-rc.d.bak.XXXXXX)"
    $SUDO cp -p "$POLICY" "$POLICY_BACKUP"
fi
log "writing $POLICY (exit 101) so package scripts start no services"
printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
$SUDO chmod 755 "$POLICY"
trap restore_policy EXIT

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
log "apt-get install bird2 gobgpd frr exabgp iproute2 gcc libc6-dev zlib1g-dev"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    bird2 gobgpd frr exabgp iproute2 gcc libc6-dev zlib1g-dev

# Stop what the packages may have started despite policy-rc.d (e.g. without systemd/invoke-rc.d).
# Only daemons running from the packaged config (no config option, or one under /etc) are stopped,
# so daemons started by tests with their own temp configs are left alone.
stop_packaged() {
    local name="$1" config_flag="$2" etc_dir="$3"
    local pid cmd
    for pid in $(pgrep -x "$name" 2>/dev/null || true); do
        cmd="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
        if [[ " $cmd " != *" $config_flag "* || "$cmd" == *"$etc_dir"* ]]; then
            log "stopping packaged $name (pid $pid: $cmd)"
            $SUDO kill "$pid" 2>/dev/null || true
        fi
    done
}
stop_packaged bird -c /etc/bird/
stop_packaged gobgpd -f /etc/gobgp
stop_packaged bgpd -f /etc/frr/
stop_packaged zebra -f /etc/frr/
stop_packaged staticd -f /etc/frr/
stop_packaged watchfrr --no-such-flag /etc/frr/
stop_packaged exabgp --no-such-flag /etc/exabgp/

if have_all; then
    log "done: $(bird --version 2>&1 | head -1); $(gobgpd --version); $(/usr/lib/frr/bgpd --version | head -1); exabgp $(exabgp --version 2>&1 | head -1)"
else
    log "some binaries are still missing after the install" >&2
    exit 1
fi
