# HLT with interrupts disabled: nothing can ever wake the processor.
        .include "common.inc"
_start:
        cli
        hlt
        jmp _start
