#!/usr/bin/env bash
# net-pair.sh -- two minix-emu machines exchanging Ethernet frames over the udp back end on
# 127.0.0.1: the net test kernel as pong on one and as ping on the other, each writing a
# pcap that tshark then decodes. See usage() below.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    cat <<USAGE
usage: scripts/net-pair.sh [options]

Starts minix-emu with testkernels/target/net.elf as "pong" (--append role=pong), waits
until it prints "pong: ready", then starts a second minix-emu as "ping" (role=ping). The two
are connected by --net udp:LISTEN_PORT:127.0.0.1:PEER_PORT on two free ports, have distinct
--mac addresses, and each writes --pcap FILE. Ping sends 24 broadcast frames of 60 to 1514
bytes, one at a time; pong answers each with a frame to ping's address.

Checks, one line each: both exit with status 0 (all their checks passed); each pcap
decodes with "tshark -r" without error and holds the 48 frames (24 each way), every one
with EtherType 0x88b5. Without tshark (Debian package tshark) the pcap checks are skipped
with a message. Ends with "N passed, M failed".

Options:
  --timeout SECONDS   wall-clock limit for each machine (default 60)
  --clock MODE        virtual (default) or realtime, passed to both
  --twice             run the pair twice and also check that each side's serial output
                      and pcap are byte-identical between the runs (determinism)
  --keep DIR          keep the serial outputs, stderr and pcaps in DIR
  -h, --help          this text

The kernel must be built first (mvn -B -DskipTests package, or make -C testkernels).
Environment: MINIX_EMU (default bin/minix-emu).
Exit status: 0 all passed; 1 some check failed; 2 usage error or nothing to run.
USAGE
}

timeout_s=60 clock=virtual twice=0 keep=
while (( $# )); do
    case $1 in
    --timeout)   [[ ${2:-} =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }; timeout_s=$2; shift ;;
    --clock)     [[ ${2:-} == virtual || ${2:-} == realtime ]] || { usage >&2; exit 2; }; clock=$2; shift ;;
    --twice)     twice=1 ;;
    --keep)      [[ -n ${2:-} ]] || { usage >&2; exit 2; }; keep=$2; shift ;;
    -h|--help)   usage; exit 0 ;;
    *)           echo "net-pair.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

minix_emu=${MINIX_EMU:-$root/bin/minix-emu}
kernel=$root/testkernels/target/net.elf
[[ -f $kernel ]] || { echo "net-pair.sh: $kernel is missing; build it: make -C testkernels" >&2; exit 2; }

frames=48                       # PING_COUNT (net.c) pings and as many pongs
mac_ping=52:54:00:12:34:01 mac_pong=52:54:00:12:34:02

if [[ -n $keep ]]; then
    mkdir -p "$keep"
    work=$(cd "$keep" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

free_udp_port() {  # [port to avoid]
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 30000))
        [[ $port == "${1:-}" ]] && continue
        if ! command -v ss >/dev/null 2>&1 || ! ss -Hlun "sport = :$port" | grep -q .; then
            echo "$port"
            return
        fi
    done
    echo "$port"
}

passed=0 failed=0
result() {  # ok|FAIL text [details...]
    local verdict=$1 text=$2
    shift 2
    if [[ $verdict == ok ]]; then
        echo "ok        $text"
        passed=$((passed + 1))
    else
        echo "FAILED    $text"
        local line
        for line in "$@"; do echo "    $line"; done
        failed=$((failed + 1))
    fi
}

# run_pair TAG: runs pong and ping; outputs in $work/TAG.{pong,ping}.{out,err,pcap}, the
# exit statuses in $work/TAG.{pong,ping}.status.
run_pair() {
    local tag=$1 p_pong p_ping pid_pong status
    p_pong=$(free_udp_port)
    p_ping=$(free_udp_port "$p_pong")
    rm -f "$work/$tag".*
    : >"$work/$tag.pong.out"
    "$minix_emu" run --kernel "$kernel" --append role=pong --clock "$clock" \
        --net "udp:$p_pong:127.0.0.1:$p_ping" --mac "$mac_pong" --pcap "$work/$tag.pong.pcap" \
        --serial "$work/$tag.pong.out" --debugcon none --timeout "$timeout_s" \
        </dev/null >/dev/null 2>"$work/$tag.pong.err" &
    pid_pong=$!

    # Ping's first frame must find pong's card started: wait for its "ready" line.
    local waited=0
    while ! grep -q '^pong: ready' "$work/$tag.pong.out" 2>/dev/null; do
        if ! kill -0 "$pid_pong" 2>/dev/null || (( waited >= timeout_s * 10 )); then
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done

    status=0
    "$minix_emu" run --kernel "$kernel" --append role=ping --clock "$clock" \
        --net "udp:$p_ping:127.0.0.1:$p_pong" --mac "$mac_ping" --pcap "$work/$tag.ping.pcap" \
        --serial "$work/$tag.ping.out" --debugcon none --timeout "$timeout_s" \
        </dev/null >/dev/null 2>"$work/$tag.ping.err" || status=$?
    echo "$status" >"$work/$tag.ping.status"
    status=0
    wait "$pid_pong" || status=$?
    echo "$status" >"$work/$tag.pong.status"
}

check_side() {  # tag side
    local tag=$1 side=$2 status
    status=$(cat "$work/$tag.$side.status")
    if [[ $status == 0 ]] && grep -q ' passed, 0 failed$' "$work/$tag.$side.out"; then
        result ok "$side: exit status 0, all checks passed"
    else
        local why="exit status $status"
        (( status == 124 )) && why+=" (timed out after ${timeout_s}s)"
        mapfile -t lines < <({ grep -a 'FAIL' "$work/$tag.$side.out" || true; tail -n 3 "$work/$tag.$side.out";
                               tail -n 3 "$work/$tag.$side.err"; } 2>/dev/null)
        result FAIL "$side: $why" "${lines[@]}"
    fi
}

check_pcap() {  # tag side
    local tag=$1 side=$2 pcap=$work/$1.$2.pcap
    if [[ ! -s $pcap ]]; then
        result FAIL "$side: pcap" "$pcap is missing or empty"
        return
    fi
    local status=0 err=$work/$tag.$side.tshark.err
    tshark -r "$pcap" -T fields -e frame.number -e eth.type >"$work/$tag.$side.tshark" 2>"$err" || status=$?
    # tshark warns about running as root on stderr; anything else there is a problem.
    local problems
    problems=$(grep -v -e 'Running as user "root"' -e '^$' "$err" || true)
    local n wrong
    n=$(wc -l <"$work/$tag.$side.tshark")
    wrong=$(awk '$2 != "0x88b5" && $2 != "0x000088b5"' "$work/$tag.$side.tshark" | wc -l)
    if (( status == 0 )) && [[ -z $problems ]] && (( n == frames && wrong == 0 )); then
        result ok "$side: tshark -r decodes the pcap: $n frames, all EtherType 0x88b5"
    else
        result FAIL "$side: tshark -r: exit status $status, $n frames (want $frames), $wrong with another EtherType" \
            $problems
    fi
}

run_pair run1
check_side run1 pong
check_side run1 ping
if command -v tshark >/dev/null 2>&1; then
    check_pcap run1 pong
    check_pcap run1 ping
else
    echo "skipped   the pcap checks: tshark is not installed (Debian: apt-get install tshark)"
fi

if (( twice )); then
    run_pair run2
    for side in pong ping; do
        if cmp -s "$work/run1.$side.out" "$work/run2.$side.out"; then
            result ok "$side: the same serial output in both runs"
        else
            result FAIL "$side: the serial output differs between the runs" \
                "$(diff "$work/run1.$side.out" "$work/run2.$side.out" | head -n 10)"
        fi
        if cmp -s "$work/run1.$side.pcap" "$work/run2.$side.pcap"; then
            result ok "$side: the same pcap in both runs"
        else
            result FAIL "$side: the pcap differs between the runs" \
                "$(cmp "$work/run1.$side.pcap" "$work/run2.$side.pcap" 2>&1 | head -n 1)"
        fi
    done
fi

echo "$passed passed, $failed failed"
(( failed == 0 ))
