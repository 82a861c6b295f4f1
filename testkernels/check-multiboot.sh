#!/usr/bin/env bash
# check-multiboot.sh FILE... -- checks that each FILE carries a multiboot v1 header where a
# loader looks for it: 4-byte aligned in the first 8192 bytes, magic 0x1BADB002, the flags
# the test kernels use (0x00000003: page-aligned modules, memory information) and a
# checksum that makes the three words sum to zero. One line per file; non-zero exit if
# any file fails.
set -euo pipefail
export LC_ALL=C

(( $# > 0 )) || { echo "usage: $0 FILE..." >&2; exit 2; }
status=0
for f in "$@"; do
    # The first 8 KiB as little-endian 32-bit words, one per line.
    mapfile -t words < <(head -c 8192 "$f" | od -An -v -t u4 -w4 | tr -d ' ')
    found=-1
    for i in "${!words[@]}"; do
        if (( words[i] == 0x1BADB002 )); then found=$i; break; fi
    done
    if (( found < 0 )); then
        echo "FAIL $f: no multiboot magic 0x1BADB002 in the first 8192 bytes"; status=1; continue
    fi
    flags=${words[found + 1]:-0} sum=${words[found + 2]:-0}
    if (( flags != 3 )); then
        printf 'FAIL %s: multiboot flags 0x%08x, want 0x00000003\n' "$f" "$flags"; status=1; continue
    fi
    if (( (0x1BADB002 + flags + sum) & 0xFFFFFFFF )); then
        echo "FAIL $f: multiboot checksum does not make the header sum to zero"; status=1; continue
    fi
    printf 'ok   %s: multiboot header at file offset 0x%x, flags 0x%08x\n' "$f" $((found * 4)) "$flags"
done
exit "$status"
