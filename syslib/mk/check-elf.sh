#!/usr/bin/env bash
# check-elf.sh FILE... -- checks that each FILE is a guest program the kernel's loader
# can take: static ELF32 little-endian ET_EXEC for i386, entry at _start, PT_LOAD
# segments page aligned, below the stack at 0xF0000000, none writable and executable.
# Prints one line per file; exits non-zero if any check fails (so make and Maven fail).
set -euo pipefail
export LC_ALL=C

STACK_TOP=$((0xF0000000))
status=0

check() {
    local f=$1 errors=()
    local fail; fail() { errors+=("$*"); }

    local hdr
    if ! hdr=$(readelf -h -W "$f" 2>&1); then
        echo "FAIL $f: not an ELF file ($hdr)"; return 1
    fi
    field() { sed -n "s/^ *$1: *//p" <<<"$hdr"; }

    [[ $(field Class) == ELF32 ]]                          || fail "class is '$(field Class)', want ELF32"
    [[ $(field Data) == *"little endian"* ]]               || fail "data is '$(field Data)', want little endian"
    [[ $(field Type) == EXEC* ]]                           || fail "type is '$(field Type)', want EXEC"
    [[ $(field Machine) == "Intel 80386" ]]                || fail "machine is '$(field Machine)', want Intel 80386"

    # The entry point must be _start (from crt0), and inside an executable segment.
    local entry start
    entry=$(( $(field 'Entry point address') ))
    start=$(readelf -s -W "$f" | awk '$NF == "_start" && $4 == "FUNC" { print "0x" $2; exit }')
    if [[ -z $start ]]; then
        fail "no _start symbol"
    elif (( entry != start )); then
        fail "entry $(printf 0x%x "$entry") is not _start ($start)"
    fi

    # Program headers: one line per segment; LOAD lines read
    #   LOAD Offset VirtAddr PhysAddr FileSiz MemSiz Flags... Align
    local loads=0 entry_ok=0 type off va pa fs ms rest flags align
    while read -r type off va pa fs ms rest; do
        case $type in
        LOAD)
            loads=$((loads + 1))
            align=${rest##* }; flags=${rest% *}
            local a=$((align)) o=$((off)) v=$((va)) fsz=$((fs)) msz=$((ms))
            if (( a < 0x1000 || (a & (a - 1)) != 0 )); then
                fail "LOAD at $va: alignment $align is not a power of two >= 0x1000"
            elif (( o % a != v % a )); then
                fail "LOAD at $va: offset $off and address disagree modulo $align"
            fi
            (( v >= 0x1000 ))               || fail "LOAD at $va: maps page zero"
            (( v + msz <= STACK_TOP ))      || fail "LOAD at $va: reaches past 0xF0000000"
            (( msz >= fsz ))                || fail "LOAD at $va: MemSiz < FileSiz"
            [[ $flags == *W*E* ]]           && fail "LOAD at $va: writable and executable"
            if [[ $flags == *E* ]] && (( entry >= v && entry < v + msz )); then
                entry_ok=1
            fi
            ;;
        GNU_STACK)
            [[ ${rest% *} == *E* ]] && fail "executable stack"
            ;;
        INTERP|DYNAMIC|TLS)
            fail "has a $type segment (must be static, without TLS)"
            ;;
        esac
    done < <(readelf -l -W "$f" | awk '/^ *[A-Z_]+ +0x/')

    (( loads > 0 ))   || fail "no PT_LOAD segment"
    (( entry_ok ))    || fail "entry point is not inside an executable PT_LOAD segment"

    if (( ${#errors[@]} )); then
        local e; for e in "${errors[@]}"; do echo "FAIL $f: $e"; done
        return 1
    fi
    echo "ok   $f: ELF32 i386 EXEC, entry _start $(printf 0x%08x "$entry"), $loads PT_LOAD"
}

(( $# > 0 )) || { echo "usage: $0 FILE..." >&2; exit 2; }
for f in "$@"; do
    check "$f" || status=1
done
exit "$status"
