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
checks its own checksum), and prints each run's wall and CPU time, the medians and the ratio
of the wall-time medians, minix-emu / QEMU.

Environment:
  MINIX_EMU_OPTS   extra words for `minix-emu run` (e.g. MINIX_EMU_OPTS=--no-jit)
  QEMU_OPTS        extra words for qemu-system-i386
  JAVA_TOOL_OPTIONS  read by the JVM that bin/minix-emu starts (e.g. -Xmx, JFR)

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

# Runs one command, checks the summary line and status 0, and prints its wall time and its CPU
# time (user + system), in milliseconds. The wall time is the figure; the CPU time shows how
# much of it the machine's other work took (on a quiet machine the two are close).
timed() {
    local who=$1; shift
    local status=0 times
    times=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$out" 2>&1 || status=$?; echo "status $status" >>"$out"; } 2>&1 )
    status=$(sed -n 's/^status //p' "$out" | tail -n 1)
    if (( status != 0 )) || ! grep -q '^speedmix: 4 passed, 0 failed' "$out"; then
        echo "compare-speed.sh: the $who run failed (status $status):" >&2
        tail -n 20 "$out" >&2
        exit 1
    fi
    awk -v t="$times" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
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
emu_cpu=()
qemu_cpu=()
echo "speedmix rounds=$rounds, $runs runs each, alternating; MINIX_EMU_OPTS='${MINIX_EMU_OPTS:-}'"
for (( i = 1; i <= runs; i++ )); do
    if (( do_emu )); then
        read -r wall cpu < <(run_emu)
        emu_times+=("$wall")
        emu_cpu+=("$cpu")
        printf 'run %d  minix-emu %8d ms wall %8d ms cpu\n' "$i" "$wall" "$cpu"
    fi
    if (( do_qemu )); then
        read -r wall cpu < <(run_qemu)
        qemu_times+=("$wall")
        qemu_cpu+=("$cpu")
        printf 'run %d  qemu      %8d ms wall %8d ms cpu\n' "$i" "$wall" "$cpu"
    fi
done

emu_median=0
qemu_median=0
if (( do_emu )); then
    emu_median=$(printf '%s\n' "${emu_times[@]}" | median)
    echo "median minix-emu: $emu_median ms wall, $(printf '%s\n' "${emu_cpu[@]}" | median) ms cpu"
fi
if (( do_qemu )); then
    qemu_median=$(printf '%s\n' "${qemu_times[@]}" | median)
    echo "median qemu:      $qemu_median ms wall, $(printf '%s\n' "${qemu_cpu[@]}" | median) ms cpu"
fi
if (( do_emu && do_qemu && qemu_median > 0 )); then
    awk -v e="$emu_median" -v q="$qemu_median" 'BEGIN { printf "ratio minix-emu / qemu (wall): %.2f\n", e / q }'
    ec=$(printf '%s\n' "${emu_cpu[@]}" | median)
    qc=$(printf '%s\n' "${qemu_cpu[@]}" | median)
    (( qc > 0 )) && awk -v e="$ec" -v q="$qc" 'BEGIN { printf "ratio minix-emu / qemu (cpu):  %.2f\n", e / q }'
fi
