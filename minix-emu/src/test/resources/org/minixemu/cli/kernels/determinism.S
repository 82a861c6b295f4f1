# Prints values that depend on exactly when things happen (the time-stamp counter, a latched PIT
# count, the RTC's seconds) around 50 timer interrupts waited for with HLT, and sends one
# broadcast frame on the NE2000; then powers off. On the virtual clock two runs must print the
# same bytes and write the same pcap file.
        .include "common.inc"
        .set NIC, 0x300
        .ifndef TICKS
        .set TICKS, 50              # idle.S waits longer
        .endif
_start:
        mov $stack_top, %esp
        # An interrupt gate for vector 0x20 in the code segment the loader left us in.
        mov $irq0, %eax
        mov %cs, %bx
        mov %ax, idt + 0x20 * 8
        mov %bx, idt + 0x20 * 8 + 2
        movw $0x8E00, idt + 0x20 * 8 + 4
        shr $16, %eax
        mov %ax, idt + 0x20 * 8 + 6
        lidt idt_descriptor
        # PICs: vectors 0x20 and 0x28, slave on IR2, 8086 mode; only IRQ0 unmasked.
        mov $0x11, %al
        out %al, $0x20
        out %al, $0xA0
        mov $0x20, %al
        out %al, $0x21
        mov $0x28, %al
        out %al, $0xA1
        mov $0x04, %al
        out %al, $0x21
        mov $0x02, %al
        out %al, $0xA1
        mov $0x01, %al
        out %al, $0x21
        out %al, $0xA1
        mov $0xFE, %al
        out %al, $0x21
        mov $0xFF, %al
        out %al, $0xA1
        # PIT counter 0, mode 2, count 1193: about 1 kHz.
        mov $0x34, %al
        out %al, $0x43
        mov $0xA9, %al
        out %al, $0x40
        mov $0x04, %al
        out %al, $0x40
        sti
1:      hlt
        cmpl $TICKS, ticks
        jb 1b
        cli
        call report
        call send_frame
        call report
        mov $0x604, %dx
        mov $0x2000, %ax
        out %ax, %dx
2:      hlt
        jmp 2b

# report: "tsc <hi><lo> pit <count> rtc <seconds>" on COM1.
report:
        mov $tsc_text, %esi
        call com1_puts
        rdtsc
        push %eax
        mov %edx, %eax
        call com1_hex
        pop %eax
        call com1_hex
        mov $pit_text, %esi
        call com1_puts
        xor %eax, %eax
        out %al, $0x43           # latch counter 0
        in $0x40, %al
        mov %al, %bl
        in $0x40, %al
        mov %al, %ah
        mov %bl, %al
        call com1_hex
        mov $rtc_text, %esi
        call com1_puts
        xor %eax, %eax
        out %al, $0x70
        in $0x71, %al
        call com1_hex
        mov $newline, %esi
        call com1_puts
        ret

# send_frame: a 60-byte broadcast frame through the DP8390's remote DMA, then wait for PTX.
send_frame:
        mov $NIC, %dx
        mov $0x21, %al           # page 0, stop, abort DMA
        out %al, %dx
        mov $NIC + 0x0E, %dx     # DCR: byte transfers, normal operation
        mov $0x48, %al
        out %al, %dx
        mov $NIC + 0x0D, %dx     # TCR: normal transmit
        xor %al, %al
        out %al, %dx
        mov $NIC + 0x07, %dx     # ISR: clear everything
        mov $0xFF, %al
        out %al, %dx
        mov $NIC, %dx
        mov $0x22, %al           # start
        out %al, %dx
        mov $NIC + 0x08, %dx     # RSAR = 0x4000
        xor %al, %al
        out %al, %dx
        inc %dx
        mov $0x40, %al
        out %al, %dx
        inc %dx                  # RBCR = 60
        mov $60, %al
        out %al, %dx
        inc %dx
        xor %al, %al
        out %al, %dx
        mov $NIC, %dx
        mov $0x12, %al           # remote write, start
        out %al, %dx
        mov $NIC + 0x10, %dx
        mov $frame, %esi
        mov $60, %ecx
1:      lodsb
        out %al, %dx
        loop 1b
        mov $NIC + 0x04, %dx     # TPSR = 0x40
        mov $0x40, %al
        out %al, %dx
        inc %dx                  # TBCR = 60
        mov $60, %al
        out %al, %dx
        inc %dx
        xor %al, %al
        out %al, %dx
        mov $NIC, %dx
        mov $0x26, %al           # start, transmit
        out %al, %dx
        mov $NIC + 0x07, %dx
2:      in %dx, %al
        test $0x02, %al          # PTX
        jz 2b
        ret

irq0:
        push %eax
        incl ticks
        mov $0x20, %al
        out %al, $0x20
        pop %eax
        iret

tsc_text:    .asciz "tsc "
pit_text:    .asciz " pit "
rtc_text:    .asciz " rtc "
newline:     .asciz "\n"
frame:
        .byte 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x88, 0xB5
        .ascii "minix-emu determinism frame"
        .space 60 - 14 - 27
        .align 8
idt_descriptor:
        .word 0x21 * 8 - 1
        .long idt

        .section .bss
        .align 8
idt:    .space 0x21 * 8
ticks:  .long 0
