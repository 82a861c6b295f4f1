#!/usr/bin/env bash
# compare-with-qemu.sh -- runs every bare-metal test kernel under QEMU and under minix-emu
# and compares their serial (COM1) output byte for byte. See usage() below.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    cat <<USAGE
usage: scripts/compare-with-qemu.sh [options] [KERNEL.elf ...]

Runs each test kernel (default: testkernels/target/*.elf) under qemu-system-i386 -kernel and
under bin/minix-emu run --kernel, captures what each writes to COM1, and compares the two.
Prints one line per kernel (same, or DIFFERENT followed by the diff, or FAILED and why) and
a final "N passed, M failed". A kernel passes when both outputs are identical and both exit
statuses are the expected ones (testkernels/expected-status; 0 unless listed there).

The kernels must be built first. From a clean checkout:
    mvn -B -DskipTests package
builds testkernels/target/*.elf and the minix-emu jar that bin/minix-emu runs.

Options:
  --timeout SECONDS   per run, for QEMU and minix-emu alike (default 30)
  --skip-if-no-qemu   if qemu-system-i386 is not installed, say so and exit 0
                      (without it, a missing QEMU is an error: exit 2)
  --qemu-only         run under QEMU only and check its exit statuses (no comparison)
  -h, --help          this text

Per-kernel arguments: testkernels/<name>/qemu.args and testkernels/<name>/minix-emu.args,
if present, add arguments to that kernel's QEMU and minix-emu command lines (words separated
by blanks, any number of lines, # starts a comment line). Placeholders: @IMG@ is a fresh
4 MiB scratch disk image of zeros, one for each run (the two images are compared after both
runs: they must end up identical); @PORT@ is a free UDP port on 127.0.0.1, the same for both
runs.

Environment: QEMU (default qemu-system-i386), MINIX_EMU (default bin/minix-emu).
Exit status: 0 all passed; 1 some kernel failed or differed; 2 usage error, no kernels
built, or QEMU missing. QEMU is in the Debian package qemu-system-x86.
USAGE
}

timeout_s=30 skip_if_no_qemu=0 qemu_only=0 kernels=()
while (( $# )); do
    case $1 in
    --timeout)         [[ ${2:-} =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }; timeout_s=$2; shift ;;
    --timeout=*)       timeout_s=${1#*=}; [[ $timeout_s =~ ^[0-9]+$ ]] || { usage >&2; exit 2; } ;;
    --skip-if-no-qemu) skip_if_no_qemu=1 ;;
    --qemu-only)       qemu_only=1 ;;
    -h|--help)         usage; exit 0 ;;
    -*)                echo "compare-with-qemu.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)                 kernels+=("$1") ;;
    esac
    shift
done

qemu=${QEMU:-qemu-system-i386}
minix_emu=${MINIX_EMU:-$root/bin/minix-emu}

if ! command -v "$qemu" >/dev/null 2>&1; then
    if (( skip_if_no_qemu )); then
        echo "compare-with-qemu.sh: $qemu not found; skipping the comparison (--skip-if-no-qemu)"
        exit 0
    fi
    echo "compare-with-qemu.sh: $qemu not found; install it (Debian: apt-get install qemu-system-x86)" \
         "or pass --skip-if-no-qemu" >&2
    exit 2
fi

if (( ${#kernels[@]} == 0 )); then
    shopt -s nullglob
    kernels=("$root"/testkernels/target/*.elf)
    shopt -u nullglob
    if (( ${#kernels[@]} == 0 )); then
        echo "compare-with-qemu.sh: no kernels in $root/testkernels/target;" \
             "build them first: mvn -B -DskipTests package" >&2
        exit 2
    fi
fi
for k in "${kernels[@]}"; do
    [[ -f $k ]] || { echo "compare-with-qemu.sh: $k: no such file" >&2; exit 2; }
done

# Expected exit statuses: name -> "emu qemu" and name -> required stderr text.
declare -A want_emu want_qemu want_msg
while read -r name emu q msg; do
    [[ -z $name || $name == \#* ]] && continue
    want_emu[$name]=$emu want_qemu[$name]=$q want_msg[$name]=$msg
done < "$root/testkernels/expected-status"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# QEMU: the i440fx PC (its ACPI power-off port 0x604 ends QEMU with status 0),
# isa-debug-exit at 0xF4 (status (value << 1) | 1), COM1 on stdout, a triple fault ends
# the run (-no-reboot, status 0). Nothing else on stdout: no monitor, no display.
run_qemu() {  # kernel out err [extra args...] -> exit status
    local status=0 k=$1 out=$2 err=$3
    shift 3
    timeout "$timeout_s" "$qemu" -nodefaults -machine pc -accel tcg -m 64 \
        -display none -monitor none -serial stdio -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$k" "$@" </dev/null >"$out" 2>"$err" || status=$?
    return "$status"
}

run_emu() {  # kernel out err [extra args...] -> exit status
    local status=0 k=$1 out=$2 err=$3
    shift 3
    "$minix_emu" run --kernel "$k" --serial stdio --timeout "$timeout_s" "$@" \
        </dev/null >"$out" 2>"$err" || status=$?
    return "$status"
}

# A UDP port nothing on this host listens on (checked with ss when it is installed).
free_udp_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 30000))
        if ! command -v ss >/dev/null 2>&1 || ! ss -Hlun "sport = :$port" | grep -q .; then
            echo "$port"
            return
        fi
    done
    echo "$port"
}

# extra_args FILE IMAGE PORT: the words of an .args file with the placeholders filled in,
# into the array "extra". Says whether @IMG@ was used (status 0) or not (1).
extra=()
extra_args() {
    extra=()
    local file=$1 image=$2 port=$3 used=1 words word
    [[ -f $file ]] || return 1
    while read -ra words; do
        (( ${#words[@]} )) || continue
        [[ ${words[0]} == \#* ]] && continue
        for word in "${words[@]}"; do
            [[ $word == *@IMG@* ]] && used=0
            word=${word//@IMG@/$image}
            extra+=("${word//@PORT@/$port}")
        done
    done < "$file"
    return "$used"
}

indent() { sed 's/^/    /'; }
join() { local IFS=';'; local s="$*"; echo "${s//;/; }"; }
# At most 60 lines of a diff: enough to see where two runs part ways.
cap() { awk 'NR <= 60 { print } END { if (NR > 60) printf "... (%d more lines)\n", NR - 60 }'; }
# "status S, want W" with a note for the timeout status.
status_text() {
    local text="exit status $1, want $2"
    if (( $1 == 124 )); then text+=" (timed out after ${timeout_s}s)"; fi
    echo "$text"
}

passed=0 failed=0
for k in "${kernels[@]}"; do
    name=$(basename "$k" .elf)
    wq=${want_qemu[$name]:-0} we=${want_emu[$name]:-0} wm=${want_msg[$name]:-}
    problems=()
    args_dir=$root/testkernels/$name
    port=$(free_udp_port)
    qimg=$work/$name.qemu.img eimg=$work/$name.emu.img
    truncate -s 4M "$qimg" "$eimg"

    qimg_used=0; extra_args "$args_dir/qemu.args" "$qimg" "$port" || qimg_used=$?
    qs=0; run_qemu "$k" "$work/$name.qemu" "$work/$name.qemu.err" "${extra[@]}" || qs=$?
    (( qs == wq )) || problems+=("QEMU $(status_text "$qs" "$wq")")

    if (( qemu_only )); then
        if (( ${#problems[@]} == 0 )); then
            echo "ok        $name (QEMU)"
            passed=$((passed + 1))
        else
            echo "FAILED    $name: $(join "${problems[@]}")"
            { grep -a 'FAIL' "$work/$name.qemu" || true; tail -n 5 "$work/$name.qemu.err"; } | indent
            failed=$((failed + 1))
        fi
        continue
    fi

    eimg_used=0; extra_args "$args_dir/minix-emu.args" "$eimg" "$port" || eimg_used=$?
    es=0; run_emu "$k" "$work/$name.emu" "$work/$name.emu.err" "${extra[@]}" || es=$?
    (( es == we )) || problems+=("minix-emu $(status_text "$es" "$we")")
    if (( qimg_used == 0 && eimg_used == 0 )) && ! cmp -s "$qimg" "$eimg"; then
        problems+=("the scratch images differ after the runs ($(cmp "$qimg" "$eimg" 2>&1 | head -n 1))")
    fi
    if [[ -n $wm ]] && ! grep -qF -- "$wm" "$work/$name.emu.err"; then
        problems+=("minix-emu did not print \"$wm\" on stderr")
    fi

    if cmp -s "$work/$name.qemu" "$work/$name.emu"; then
        if (( ${#problems[@]} == 0 )); then
            echo "same      $name"
            passed=$((passed + 1))
            continue
        fi
        echo "FAILED    $name: same output, but $(join "${problems[@]}")"
    else
        if (( ${#problems[@]} )); then
            echo "DIFFERENT $name (also: $(join "${problems[@]}"))"
        else
            echo "DIFFERENT $name"
        fi
        diff -u --label "qemu: $name" --label "minix-emu: $name" \
            "$work/$name.qemu" "$work/$name.emu" | cap | indent || true
    fi
    if [[ -s $work/$name.emu.err ]]; then
        echo "    minix-emu stderr:"
        tail -n 5 "$work/$name.emu.err" | indent | indent
    fi
    failed=$((failed + 1))
done

echo "$passed passed, $failed failed"
(( failed == 0 ))
