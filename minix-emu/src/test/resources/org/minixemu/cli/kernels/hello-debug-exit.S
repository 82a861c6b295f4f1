# "hello" on COM1 and on port 0xE9, then isa-debug-exit with 0x10: exit status 33.
        .include "common.inc"
_start:
        mov $stack_top, %esp
        mov $hello, %esi
        call com1_puts
        call e9_puts
        mov $0x10, %al
        out %al, $0xF4
        mov $late, %esi             # never seen: the machine is off
        call com1_puts
1:      jmp 1b
hello:  .asciz "hello\n"
late:   .asciz "still running\n"
