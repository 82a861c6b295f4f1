#!/usr/bin/env bash
# devboot.sh -- boots a hand-made image on the virtual clock, for working on guest code.
#
#   scripts/devboot.sh BOOT.CFG PROGRAM.elf... [-- BOOT-OPTIONS...]
#
# Packs the boot.cfg and the programs into a temporary image with the current jar
# (minix-emu/target/minix-emu.jar; build it with
#   mvn -B -q -DskipTests -pl minix-emu -am package) and boots it with --clock virtual
# and a 60 s wall-clock timeout, so a hang ends. Options after -- go to `boot` instead of
# that timeout (give your own --timeout).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/minix-emu/target/minix-emu.jar
[[ -f $jar ]] || { echo "devboot: $jar is missing; build it first" >&2; exit 2; }
(( $# >= 2 )) || { echo "usage: devboot.sh BOOT.CFG PROGRAM.elf... [-- BOOT-OPTIONS...]" >&2; exit 1; }
cfg=$1; shift
programs=()
while (( $# )) && [[ $1 != -- ]]; do programs+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
image=$(mktemp --suffix=.img)
trap 'rm -f "$image"' EXIT
java -jar "$jar" image build --config "$cfg" --out "$image" "${programs[@]}" >/dev/null 2>&1
(( $# )) || set -- --timeout 60
java -jar "$jar" boot "$image" --clock virtual "$@"
