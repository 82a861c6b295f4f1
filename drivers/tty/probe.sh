#!/usr/bin/env bash
# probe.sh -- boots drivers/tty/tty-dev.cfg (PM, VM, RS, DS, tty, ttyprobe: no VFS) and types
# on COM1 what ttyprobe's input checks expect, each step only once ttyprobe's prompt for it
# is on the console (the boot's wall-clock time varies; ^C flushes the input queue, so it
# must come after the lines before it were read).
# Prints the console output; the exit status is ttyprobe's failure count (124: timeout).
#   drivers/tty/probe.sh            (build first: make -C servers && make -C drivers)
set -uo pipefail
trap "" PIPE
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
S=$root/servers/target
D=$root/drivers/target
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkfifo "$work/in"
"$root/scripts/devboot.sh" "$root/drivers/tty/tty-dev.cfg" "$S/pm.elf" "$S/vm.elf" "$S/rs.elf" \
    "$S/ds.elf" "$D/tty.elf" "$D/ttyprobe.elf" -- --timeout "${PROBE_TIMEOUT:-60}" \
    < "$work/in" > "$work/out" 2>&1 &
boot=$!
exec 3> "$work/in"

# Waits until the console shows $1 (at most 50 s).
await() {
    for _ in $(seq 500); do
        grep -q -- "$1" "$work/out" 2>/dev/null && return 0
        kill -0 "$boot" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

if await 'waiting for typed input'; then
    sleep 0.5
    printf 'abc\r' >&3
    printf 'x\177y\025z\r' >&3
    printf 'ab\bc\r' >&3
    await 'now ^C' && sleep 0.5 && printf '\003' >&3
    await 'now ^D' && sleep 0.5 && printf '\004' >&3
    sleep 0.5
    printf '%s\r' "$(printf 'L%.0s' $(seq 4100))" >&3
    await 'raw mode' && sleep 0.5 && printf 'q' >&3
fi
wait "$boot"
status=$?
exec 3>&-
cat "$work/out"
exit $status
