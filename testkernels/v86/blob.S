/*
 * blob.S -- the real-mode (8086) code the v86 kernel runs in virtual-8086 mode. It is
 * assembled here but copied at run time to V86_SEG:0 (linear V86_SEG * 16), so every
 * address in it is an offset from v86_blob. It writes its results at DS:RES (DS =
 * V86_SEG). The kernel's #GP handler (the "monitor") skips the instructions that trap,
 * and HLT ends the run.
 */
#include "x86.h"
#include "v86.h"

#define OFF(label) ((label) - v86_blob)

        .section .rodata.v86, "a"
        .globl  v86_blob, v86_blob_end
        .globl  v86_after_int31, v86_in_denied, v86_int33
        .globl  v86_cli, v86_pushf, v86_popf, v86_int31_trap, v86_hlt, v86_task_int
        .code16
v86_blob:
        /* Entered by IRET, IOPL 3. What the IRET loaded: */
        movw    %sp, RES + R_SP
        movw    %ss, RES + R_SS
        movw    %cs, RES + R_CS
        movw    %ds, RES + R_DS
        movw    %es, RES + R_ES
        movw    %fs, RES + R_FS
        movw    %gs, RES + R_GS

        /* Real-mode arithmetic, addressing and a string move. */
        movw    $0x1234, %ax
        addw    $0x4321, %ax
        movw    %ax, RES + R_SUM
        movw    $0xBEEF, %es:0x0000             /* ES = V86_SEG + 0x100: linear + 0x1000 */
        movw    $OFF(message), %si
        movw    $0x0010, %di
        movw    $4, %cx
        cld
        rep movsb                               /* DS:SI -> ES:DI */
        movw    $2, %bx
        movw    $RES + R_SUM, %si
        movw    (%bx,%si), %dx                  /* [BX+SI] = RES + R_SUM + 2 */
        movw    %dx, RES + R_BXSI

        /* INT 0x31 through a DPL 3 gate: to the ring-0 handler and back (it sets AX). */
        movw    $0x7777, %ax
        int     $0x31
v86_after_int31:
        movw    %ax, RES + R_AX_AFTER

        /* IOPL 3: CLI and PUSHF run in place (STI would too, but interrupts stay off). */
        cli
        pushf
        popw    %ax
        movw    %ax, RES + R_FLAGS

        /* I/O in V86 mode always consults the I/O bitmap, whatever IOPL: port 0x3FC is
           denied -> #GP(0). */
        movw    $0x3FC, %dx
v86_in_denied:
        inb     %dx, %al

        /* INT 0x33 through a DPL 0 gate: #GP(0x33 * 8 + 2). */
v86_int33:
        int     $0x33

        /* INT 0x32: its handler drops IOPL to 0. From here on the IOPL-sensitive
           instructions trap to the monitor with #GP(0). */
        int     $0x32
v86_cli:
        cli
v86_pushf:
        pushf
v86_popf:
        popf
v86_int31_trap:
        int     $0x31
        /* IN from port 0x3FD, which the bitmap allows: runs, IOPL 0 or not. */
        movw    $0x3FD, %dx
        inb     %dx, %al
        movw    $1, RES + R_IN_OK
v86_hlt:
        hlt

        /* Entered by a task switch to a TSS with EFLAGS.VM set. */
        .globl  v86_task_entry
v86_task_entry:
        movw    $0x4444, %ax
        int     $0x34
v86_task_int:
        hlt

message:
        .ascii  "V86!"
v86_blob_end:
        .code32

        .section .note.GNU-stack, "", @progbits
