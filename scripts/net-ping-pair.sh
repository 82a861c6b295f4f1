#!/usr/bin/env bash
# net-ping-pair.sh -- two MINIX machines (dp8390 + inet) joined by the udp back end on
# 127.0.0.1 ping each other 100 times; each writes a pcap that tshark then decodes.
#
#   scripts/net-ping-pair.sh [--crash] [--keep DIR] [--timeout SECONDS]
#
# --crash: instead, a runs nettest -k (100 pings to b while RS kills dp8390 every 5 s; every
# ping must be answered in the end, resends counted) and b only answers for 60 s; the checks
# are a's "nettest: N passed, 0 failed" and both statuses.
#
# Images from drivers/dp8390/test/net-a.cfg (192.0.2.1, MAC 52:54:00:12:34:01) and net-b.cfg
# (192.0.2.2, MAC ...:02), booted with --clock realtime (on the virtual clock an idle machine
# jumps to its next timer, so a ping would time out before the peer's datagram arrives).
# Checks: both power off with status 0; each console ends its ethping with
# "100 packets transmitted, 100 received, 0% packet loss"; with tshark, each pcap decodes and
# holds ARP and ICMP echo request/reply pairs with correct checksums. Ends "N passed, M failed".
# Environment: MINIX_EMU_JAR (default minix-emu/target/minix-emu.jar; its boot needs --net).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${MINIX_EMU_JAR:-$root/minix-emu/target/minix-emu.jar}
keep= timeout_s=300 crash=0
while (( $# )); do
    case $1 in
    --keep) keep=$2; shift ;;
    --timeout) timeout_s=$2; shift ;;
    --crash) crash=1 ;;
    *) echo "net-ping-pair.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[[ -n $keep ]] || trap 'rm -rf "$work"' EXIT

progs=()
for p in pm vm rs ds vfs inet; do progs+=("$root/servers/target/$p.elf"); done
for p in memory tty dp8390; do progs+=("$root/drivers/target/$p.elf"); done
for p in init ifconfig ethping nettest sleep poweroff; do progs+=("$root/commands/target/$p.elf"); done
for side in a b; do
    cp "$root/drivers/dp8390/test/net-$side.cfg" "$work/$side.cfg"
done
if (( crash )); then
    sed -i 's/^    args ifconfig .*/    args ifconfig sleep,8 nettest,-k,-c,100,192.0.2.2 ifconfig,-s sleep,3 poweroff/' "$work/a.cfg"
    sed -i 's/^    args ifconfig .*/    args ifconfig sleep,60 ifconfig,-s poweroff/' "$work/b.cfg"
fi
for side in a b; do
    java -jar "$jar" image build --config "$work/$side.cfg" --out "$work/$side.img" "${progs[@]}" >/dev/null 2>&1
done
read -r pa pb < <(python3 -c 'import socket
s=[socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')

boot() {   # side listen peer mac
    java -jar "$jar" boot "$work/$1.img" --snapshot --clock realtime --timeout "$timeout_s" \
        --net "udp:$2:127.0.0.1:$3" --mac "$4" --pcap "$work/$1.pcap" >"$work/$1.out" 2>"$work/$1.err"
}
boot a "$pa" "$pb" 52:54:00:12:34:01 & pid_a=$!
boot b "$pb" "$pa" 52:54:00:12:34:02 & pid_b=$!
status_a=0 status_b=0
wait "$pid_a" || status_a=$?
wait "$pid_b" || status_b=$?

passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }
check "a powered off with status 0 (got $status_a)" '(( status_a == 0 ))'
check "b powered off with status 0 (got $status_b)" '(( status_b == 0 ))'
if (( crash )); then
    check "a: nettest passed" 'tr -d "\r" <"$work/a.out" | grep -qE "^nettest: [0-9]+ passed, 0 failed$"'
    echo "$passed passed, $failed failed"
    (( failed == 0 ))
    exit
fi
for side in a b; do
    check "$side: 100 of 100 echo replies" \
        'tr -d "\r" <"$work/$side.out" | grep -qx "100 packets transmitted, 100 received, 0% packet loss"'
done
if command -v tshark >/dev/null; then
    for side in a b; do
        check "$side.pcap decodes" 'tshark -r "$work/$side.pcap" >/dev/null 2>&1'
        arp=$(tshark -r "$work/$side.pcap" -Y arp 2>/dev/null | wc -l || true)
        req=$(tshark -r "$work/$side.pcap" -Y 'icmp.type == 8' 2>/dev/null | wc -l || true)
        rep=$(tshark -r "$work/$side.pcap" -Y 'icmp.type == 0 && icmp.resp_to' 2>/dev/null | wc -l || true)
        bad=$(tshark -r "$work/$side.pcap" -o ip.check_checksum:TRUE \
            -Y 'ip.checksum.status == "Bad" || icmp.checksum.status == "Bad"' 2>/dev/null | wc -l || true)
        check "$side.pcap: ARP seen ($arp frames)" '(( arp >= 2 ))'
        check "$side.pcap: 200 echo requests ($req)" '(( req == 200 ))'
        check "$side.pcap: 200 matched echo replies ($rep)" '(( rep == 200 ))'
        good=$(tshark -r "$work/$side.pcap" -o ip.check_checksum:TRUE \
            -Y 'ip.checksum.status == "Good" && icmp.checksum.status == "Good"' 2>/dev/null | wc -l || true)
        check "$side.pcap: no bad IP or ICMP checksum ($bad)" '(( bad == 0 ))'
        check "$side.pcap: 400 ICMP frames with checked good checksums ($good)" '(( good == 400 ))'
    done
else
    echo "net-ping-pair.sh: no tshark: pcap checks skipped"
fi
echo "$passed passed, $failed failed"
(( failed == 0 ))
