# Echoes what arrives on COM1 (polling LSR.DR); a 'q' powers off through ACPI (status 0).
        .include "common.inc"
_start:
        mov $stack_top, %esp
1:      mov $COM1 + 5, %dx
2:      in %dx, %al
        test $0x01, %al                    # DR: a byte has arrived
        jz 2b
        mov $COM1, %dx
        in %dx, %al
        call com1_putc
        cmp $'q', %al
        jne 1b
        mov $0x604, %dx
        mov $0x2000, %ax
        out %ax, %dx
        cli
3:      hlt
        jmp 3b
