# Runs forever.
        .include "common.inc"
_start:
1:      jmp 1b
