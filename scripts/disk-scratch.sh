#!/usr/bin/env bash
# disk-scratch.sh -- builds an image with a scratch partition for the disk driver and boots it.
#
#   scripts/disk-scratch.sh [--keep IMAGE] [--cfg BOOT.CFG] [-- BOOT-OPTIONS...]
#
# Packs BOOT.CFG (default drivers/at_wini/test/boot.cfg) with the servers, at_wini, init,
# disktest and diskdeny (a copy of disktest: a program at_wini does not serve) into an image
# with `minix-emu image build --scratch 8M`, which adds partition 2: type 0xDA (non-FS data),
# 1 MiB-aligned after partition 1, 16384 sectors (8 MiB) of zeros.
# Boots it on the virtual clock WITHOUT --snapshot so the disk writes reach the file; with
# --keep the image stays at IMAGE for a host-side check (DiskTest does it; docs/drivers.md), and the
# partition's first sector is printed as "scratch: LBA N, S sectors".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${MINIX_EMU_JAR:-$root/minix-emu/target/minix-emu.jar}
cfg=$root/drivers/at_wini/test/boot.cfg
keep=
while (( $# )) && [[ $1 != -- ]]; do
    case $1 in
    --keep) keep=$2; shift ;;
    --cfg)  cfg=$2; shift ;;
    *) echo "disk-scratch.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
[[ ${1:-} == -- ]] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
image=${keep:-$work/disk.img}
cp "$root/commands/target/disktest.elf" "$work/diskdeny.elf"
progs=()
for p in pm vm rs ds; do progs+=("$root/servers/target/$p.elf"); done
for p in at_wini dp8390 memory tty; do [[ -f $root/drivers/target/$p.elf ]] && progs+=("$root/drivers/target/$p.elf"); done
for p in inet vfs; do [[ -f $root/servers/target/$p.elf ]] && progs+=("$root/servers/target/$p.elf"); done
for p in init disktest dd poweroff ethping ifconfig service; do
    [[ -f $root/commands/target/$p.elf ]] && progs+=("$root/commands/target/$p.elf")
done
progs+=("$work/diskdeny.elf")
java -jar "$jar" image build --scratch 8M --config "$cfg" --out "$image" "${progs[@]}" >/dev/null
java -jar "$jar" image ls "$image" | awk '$1 == 2 && $2 == "0xDA" { print "scratch: LBA " $3 ", " $4 " sectors" }'
(( $# )) || set -- --timeout 300
java -jar "$jar" boot "$image" --clock virtual "$@"
