#!/usr/bin/env bash
# fuzz-against-qemu.sh -- differential fuzzing of the CPU against QEMU, for long runs.
# See usage() below and docs/cpu-fuzzing.md.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    cat <<USAGE
usage: scripts/fuzz-against-qemu.sh [options] SEED COUNT

Generates COUNT random instructions from SEED (org.minixemu.cli.fuzz.InstructionGenerator),
runs them in the fuzz kernel (testkernels/fuzz) under qemu-system-i386 -kernel and under
minix-emu run --kernel, and compares every record's registers, defined flags and scratch
memory. Prints one line per chunk of records, the first differing records in full (the
instruction disassembled, its inputs, both results), and a final "N passed, M failed".

Options:
  --chunk N    records per kernel run (default 25000)
  --show N     differing records to show in full (default 5)
  --work DIR   keep the test programs there (default: a temporary folder, removed)
  --build      rebuild first (mvn package and make), even if the build outputs exist
  -h, --help   this text

The first run builds what is missing: testkernels/target/fuzz.elf (make) and the minix-emu
jar and test classes (mvn -DskipTests package). After changing the sources, pass --build.
Environment: QEMU (default qemu-system-i386). Exit status: 0 all passed, 1 some record
differed or a run failed, 2 usage error or QEMU missing (Debian: qemu-system-x86).
USAGE
}

args=() build=0 positional=()
while (( $# )); do
    case $1 in
    --chunk|--show) [[ ${2:-} =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }; args+=("$1" "$2"); shift ;;
    --work)         [[ -n ${2:-} ]] || { usage >&2; exit 2; }; args+=(--work "$2" --keep); shift ;;
    --build)        build=1 ;;
    -h|--help)      usage; exit 0 ;;
    -*)             echo "fuzz-against-qemu.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)              positional+=("$1") ;;
    esac
    shift
done
(( ${#positional[@]} == 2 )) || { usage >&2; exit 2; }
[[ ${positional[0]} =~ ^-?[0-9]+$ && ${positional[1]} =~ ^[0-9]+$ ]] || {
    echo "fuzz-against-qemu.sh: SEED and COUNT must be numbers" >&2; exit 2; }

qemu=${QEMU:-qemu-system-i386}
command -v "$qemu" >/dev/null 2>&1 || {
    echo "fuzz-against-qemu.sh: $qemu not found; install it (Debian: apt-get install qemu-system-x86)" >&2
    exit 2
}

kernel=$root/testkernels/target/fuzz.elf
jar=$root/minix-emu/target/minix-emu.jar
classes=$root/minix-emu/target/test-classes
if (( build )) || [[ ! -f $jar || ! -f $classes/org/minixemu/cli/fuzz/FuzzCampaign.class ]]; then
    echo "fuzz-against-qemu.sh: building minix-emu (mvn -DskipTests package) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests -pl minix-emu -am package) >&2
fi
make -s -C "$root/testkernels" target/fuzz.elf >&2

exec java -cp "$classes:$jar" org.minixemu.cli.fuzz.FuzzCampaign "${positional[@]}" \
    --kernel "$kernel" "${args[@]}"
