# "hello" on COM1 and on port 0xE9, then ACPI soft-off through PM1a control: exit status 0.
# QEMU carries out the soft-off a little after the write, so the guest halts to wait for it.
        .include "common.inc"
_start:
        mov $stack_top, %esp
        mov $hello, %esi
        call com1_puts
        call e9_puts
        mov $0x604, %dx
        mov $0x2000, %ax
        out %ax, %dx
        cli
1:      hlt
        jmp 1b
hello:  .asciz "hello\n"
