# An exception with an empty IDT: #GP while delivering it, #DF, then shutdown.
        .include "common.inc"
_start:
        mov $stack_top, %esp
        mov $msg, %esi
        call com1_puts
        lidt empty_idt
        int3
1:      jmp 1b
msg:    .asciz "faulting\n"
        .align 4
empty_idt:
        .word 0
        .long 0
