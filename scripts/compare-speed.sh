#!/usr/bin/env bash
# compare-speed.sh -- whole-process speed of minix-emu against qemu-system-i386 -kernel on the
# speedmix benchmark kernel (testkernels/speedmix: integer, memory, string, call-heavy and
# paging work with a checksum it checks). See docs/benchmarks.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/compare-speed.sh [--runs N] [--rounds N] [--emu-only | --qemu-only]

Runs testkernels/target/speedmix.elf with `rounds=N` (default 100: about 1.4 billion guest
instructions) under `bin/minix-emu run --kernel` and under `qemu-system-i386 -kernel`,
alternating, N times each (default 3), checks every run's output and exit status (the kernel
checks its own checksum), and prints each run's wall time, the medians and the ratio
minix-emu / QEMU.

Environment:
  MINIX_EMU_OPTS   extra words for `minix-emu run` (e.g. MINIX_EMU_OPTS=--no-jit)
  QEMU_OPTS        extra words for qemu-system-i386
  JAVA_OPTS        passed to the JVM through bin/minix-emu, as always

Build first (from the repository root): mvn -B -DskipTests -pl minix-emu,testkernels -am package
EOF
}

runs=3
rounds=100
do_emu=1
do_qemu=1
while (( $# )); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --emu-only) do_qemu=0; shift ;;
        --qemu-only) do_emu=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kernel=$root/testkernels/target/speedmix.elf
[[ -f $kernel ]] || { echo "compare-speed.sh: $kernel is missing; build it first (see --help)" >&2; exit 2; }
if (( do_qemu )) && ! command -v qemu-system-i386 >/dev/null 2>&1; then
    echo "compare-speed.sh: qemu-system-i386 is not installed (Debian: qemu-system-x86)" >&2
    exit 2
fi
read -r -a emu_opts <<<"${MINIX_EMU_OPTS:-}"
read -r -a qemu_opts <<<"${QEMU_OPTS:-}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Runs one command, checks the summary line and status 0, prints and returns its wall time (ms).
timed() {
    local who=$1; shift
    local start end status=0
    start=$(date +%s%N)
    "$@" >"$out" 2>&1 || status=$?
    end=$(date +%s%N)
    if (( status != 0 )) || ! grep -q '^speedmix: 4 passed, 0 failed' "$out"; then
        echo "compare-speed.sh: the $who run failed (status $status):" >&2
        tail -n 20 "$out" >&2
        exit 1
    fi
    echo $(( (end - start) / 1000000 ))
}

run_emu() {
    timed minix-emu "$root/bin/minix-emu" run --kernel "$kernel" --append "rounds=$rounds" \
        --serial stdio ${emu_opts[@]+"${emu_opts[@]}"}
}

run_qemu() {
    timed qemu qemu-system-i386 -nodefaults -machine pc -accel tcg -m 64 -display none \
        -monitor none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$kernel" -append "rounds=$rounds" ${qemu_opts[@]+"${qemu_opts[@]}"}
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

emu_times=()
qemu_times=()
echo "speedmix rounds=$rounds, $runs runs each, alternating; MINIX_EMU_OPTS='${MINIX_EMU_OPTS:-}'"
for (( i = 1; i <= runs; i++ )); do
    if (( do_emu )); then
        t=$(run_emu)
        emu_times+=("$t")
        printf 'run %d  minix-emu %8d ms\n' "$i" "$t"
    fi
    if (( do_qemu )); then
        t=$(run_qemu)
        qemu_times+=("$t")
        printf 'run %d  qemu      %8d ms\n' "$i" "$t"
    fi
done

emu_median=0
qemu_median=0
if (( do_emu )); then
    emu_median=$(printf '%s\n' "${emu_times[@]}" | median)
    echo "median minix-emu: $emu_median ms"
fi
if (( do_qemu )); then
    qemu_median=$(printf '%s\n' "${qemu_times[@]}" | median)
    echo "median qemu:      $qemu_median ms"
fi
if (( do_emu && do_qemu && qemu_median > 0 )); then
    awk -v e="$emu_median" -v q="$qemu_median" 'BEGIN { printf "ratio minix-emu / qemu: %.2f\n", e / q }'
fi
