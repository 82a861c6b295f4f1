#!/usr/bin/env bash
# net-host-peer.sh -- one MINIX machine (dp8390 + inet at 192.0.2.1) and a host-side peer, a
# Python script speaking Ethernet-in-UDP on 127.0.0.1 (the udp back end), as 192.0.2.99 with
# MAC 02:00:00:00:00:99.
#
#   scripts/net-host-peer.sh [--keep DIR] [--timeout SECONDS]
#
# The peer waits for the machine (it retries until an answer comes), then:
#   1. sends an ARP request for 192.0.2.1: expects the ARP reply with the card's MAC;
#   2. sends 3 malformed frames: an IPv4 echo request with a wrong header checksum, one with a
#      wrong ICMP checksum, and an ARP request whose protocol
#      address length is 5: expects no answer to any;
#   2b. floods 300 broadcast frames of 1000 bytes (the receive ring overflows: dp8390 says
#      "receive ring overflow 1: recovered ...");
#   3. sends an ICMP echo request (id 0x1234, seq 1, 56 bytes): expects an echo reply from
#      192.0.2.1 to us with the same id, seq and data, and correct IP and ICMP checksums.
# The guest shows its counters afterwards (ifconfig -s): 3 malformed frames dropped, 1 echo
# request and 1 ARP request answered. Ends "N passed, M failed".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${MINIX_EMU_JAR:-$root/minix-emu/target/minix-emu.jar}
keep= timeout_s=120
while (( $# )); do
    case $1 in
    --keep) keep=$2; shift ;;
    --timeout) timeout_s=$2; shift ;;
    *) echo "net-host-peer.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[[ -n $keep ]] || trap 'rm -rf "$work"' EXIT

progs=()
for p in pm vm rs ds vfs inet; do progs+=("$root/servers/target/$p.elf"); done
for p in memory tty dp8390; do progs+=("$root/drivers/target/$p.elf"); done
for p in init ifconfig sleep poweroff; do progs+=("$root/commands/target/$p.elf"); done
sed 's/^    args ifconfig .*/    args ifconfig sleep,15 ifconfig,-s poweroff/' \
    "$root/drivers/dp8390/test/net-a.cfg" >"$work/host.cfg"
java -jar "$jar" image build --config "$work/host.cfg" --out "$work/host.img" "${progs[@]}" >/dev/null 2>&1
read -r pa pb < <(python3 -c 'import socket
s=[socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
java -jar "$jar" boot "$work/host.img" --snapshot --clock realtime --timeout "$timeout_s" \
    --net "udp:$pa:127.0.0.1:$pb" --mac 52:54:00:12:34:01 >"$work/host.out" 2>"$work/host.err" &
pid=$!
peer_status=0
python3 - "$pa" "$pb" <<'PY' || peer_status=$?
import socket, struct, sys, time
guest_port, my_port = int(sys.argv[1]), int(sys.argv[2])
ME_MAC = bytes.fromhex('020000000099'); ME_IP = bytes([192, 0, 2, 99]); GUEST_IP = bytes([192, 0, 2, 1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', my_port)); s.settimeout(0.5)
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok: passed += 1
    else: failed += 1; print('FAIL: ' + what)
def csum(b):
    if len(b) % 2: b += b'\0'
    t = sum(struct.unpack('!%dH' % (len(b) // 2), b)); t = (t & 0xffff) + (t >> 16); t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff
def send(frame):
    s.sendto(frame.ljust(60, b'\0'), ('127.0.0.1', guest_port))
def frames(seconds):
    end = time.time() + seconds
    while time.time() < end:
        try: yield s.recv(2000)
        except socket.timeout: pass
def arp_request():
    return b'\xff' * 6 + ME_MAC + b'\x08\x06' + struct.pack('!HHBBH', 1, 0x800, 6, 4, 1) + ME_MAC + ME_IP + b'\0' * 6 + GUEST_IP
def echo(guest_mac, ip_ok=True, icmp_ok=True, seq=1):
    data = bytes(range(0x20, 0x20 + 56))
    icmp = struct.pack('!BBHHH', 8, 0, 0, 0x1234, seq) + data
    c = csum(icmp); icmp = icmp[:2] + struct.pack('!H', c if icmp_ok else c ^ 0x5555) + icmp[4:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 7, 0, 64, 1, 0, ME_IP, GUEST_IP)
    c = csum(ip); ip = ip[:10] + struct.pack('!H', c if ip_ok else c ^ 0x1111) + ip[12:]
    return guest_mac + ME_MAC + b'\x08\x00' + ip + icmp, data
# 1. ARP, retried until the machine is up
guest_mac = None
for attempt in range(60):
    send(arp_request())
    for f in frames(1):
        if f[12:14] == b'\x08\x06' and struct.unpack('!H', f[20:22])[0] == 2 and f[28:32] == GUEST_IP and f[38:42] == ME_IP:
            guest_mac = f[22:28]; break
    if guest_mac: break
check(guest_mac == bytes.fromhex('525400123401'), 'ARP reply with the card MAC (got %s)' % (guest_mac.hex() if guest_mac else None))
if not guest_mac: print('%d passed, %d failed' % (passed, failed)); sys.exit(1)
# 2. malformed frames: no answer
bad_ip, _ = echo(guest_mac, ip_ok=False); bad_icmp, _ = echo(guest_mac, icmp_ok=False)
bad_arp = bytearray(arp_request()); bad_arp[19] = 5          # protocol address length 5
for f in (bad_ip, bad_icmp, bytes(bad_arp)):
    send(f)
answers = [f for f in frames(2) if f[12:14] in (b'\x08\x00', b'\x08\x06')]
check(not answers, 'no answer to malformed frames (got %d)' % len(answers))
# 2b. a flood: 300 broadcast frames of 1000 bytes (EtherType 0x88b5, which inet ignores) at
#     once, far more than the card's receive ring holds: the driver must recover from the
#     overflow and keep serving
for i in range(300):
    s.sendto(b'\xff' * 6 + ME_MAC + b'\x88\xb5' + bytes([i & 255]) * 986, ('127.0.0.1', guest_port))
for f in frames(2):
    pass
# 3. a good echo request
good, data = echo(guest_mac)
send(good)
reply = None
for f in frames(3):
    if f[12:14] == b'\x08\x00' and f[23] == 1: reply = f; break
check(reply is not None, 'an echo reply came')
if reply:
    ip = reply[14:34]; icmp = reply[34:14 + struct.unpack('!H', ip[2:4])[0]]
    check(ip[12:16] == GUEST_IP and ip[16:20] == ME_IP and reply[0:6] == ME_MAC and reply[6:12] == guest_mac, 'addresses of the reply')
    check(csum(ip) == 0, 'IP header checksum of the reply')
    check(csum(icmp) == 0, 'ICMP checksum of the reply')
    check(icmp[0] == 0 and struct.unpack('!HH', icmp[4:8]) == (0x1234, 1) and icmp[8:] == data, 'type, id, seq and data of the reply')
print('peer: %d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
PY
status=0
wait "$pid" || status=$?
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }
check "the peer's checks passed" '(( peer_status == 0 ))'
check "the machine powered off with status 0 (got $status)" '(( status == 0 ))'
check "dp8390 recovered from a receive ring overflow" \
    'grep -q "dp8390: receive ring overflow 1: recovered" "$work/host.out"'
check "the guest counted 3 malformed frames, answered 1 echo and 1+ ARP" \
    'tr -d "\r" <"$work/host.out" | grep -qE "^eth0: 3 malformed frames dropped, 1 echo requests answered, [1-9][0-9]* ARP requests answered"'
echo "$passed passed, $failed failed"
(( failed == 0 ))
