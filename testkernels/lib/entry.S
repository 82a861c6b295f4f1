/*
 * entry.S -- multiboot v1 header, entry point, the per-vector interrupt stubs and the
 * recovery points (expect_fault, run_iret) of the test kernels' runtime.
 */

#include "x86.h"

#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00000003    /* bit 0: page-align modules; bit 1: memory info wanted */

/* ---- multiboot header: first in the image (kernel.ld), 4-byte aligned -------------- */
        .section .multiboot, "a"
        .balign 4
        .long   MB_MAGIC
        .long   MB_FLAGS
        .long   -(MB_MAGIC + MB_FLAGS)

/* ---- entry ---------------------------------------------------------------------------
 * A multiboot loader enters in 32-bit protected mode, paging off, IF = 0, EAX = the boot
 * magic 0x2BADB002, EBX = the physical address of the multiboot information. Its GDT is
 * unknown to us (and may be gone): runtime_start() loads our own before anything else. */
        .text
        .globl  _start
        .type   _start, @function
_start:
        cli
        cld
        movl    $boot_stack_top, %esp
        xorl    %ebp, %ebp
        pushl   $0                      /* EFLAGS: clear everything but bit 1 */
        popfl
        pushl   %ebx                    /* multiboot information */
        pushl   %eax                    /* multiboot magic */
        call    runtime_start
1:      cli
        hlt
        jmp     1b
        .size   _start, . - _start

/* void gdt_load(const void *pseudo_descriptor): LGDT, then reload every segment
   register so that none still holds a descriptor from the loader's GDT. */
        .globl  gdt_load
gdt_load:
        movl    4(%esp), %eax
        lgdt    (%eax)
        ljmp    $SEL_KCODE, $1f
1:      movw    $SEL_KDATA, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %fs
        movw    %ax, %gs
        movw    %ax, %ss
        ret

/* ---- one stub per vector ---------------------------------------------------------------
 * Each stub is 16 bytes (so that stub N is at vector_stubs + 16 * N). Vectors for which
 * the CPU pushes an error code (8, 10-14, 17) do not push one; all others push a 0, so
 * the frame has one layout. Note: a software INT to one of the error-code vectors pushes
 * no error code and would confuse the frame; the tests never do that. */
        .balign 16
        .globl  vector_stubs
vector_stubs:
        .set    vec, 0
        .rept   256
        .balign 16
        .if     (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17)
        .else
        pushl   $0
        .endif
        pushl   $vec
        jmp     vector_common
        .set    vec, vec + 1
        .endr

/* The common part: save the segment and general registers, load our data segments,
   call exception_dispatch(frame), and return with IRET to whatever the frame now says. */
vector_common:
        pushl   %ds
        pushl   %es
        pushl   %fs
        pushl   %gs
        pushal
        cld
        movw    $SEL_KDATA, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %fs
        movw    %ax, %gs
        pushl   %esp                    /* struct frame * */
        call    exception_dispatch
        addl    $4, %esp
        popal
        popl    %gs
        popl    %fs
        popl    %es
        popl    %ds
        addl    $8, %esp                /* vector, error code */
        iretl

/* ---- recovery points ---------------------------------------------------------------------
 * recovery_esp is 0 or the stack pointer of the innermost active recovery point; at that
 * stack pointer sit: the previous recovery_esp, EDI, ESI, EBX, EBP, the return address. */
        .data
        .balign 4
        .globl  recovery_esp
recovery_esp:
        .long   0
        .text

/* int expect_fault(void (*fn)(void)) */
        .globl  expect_fault
        .type   expect_fault, @function
expect_fault:
        pushl   %ebp
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        pushl   recovery_esp
        movl    %esp, recovery_esp
        call    *24(%esp)               /* fn: 5 words pushed + return address */
        movl    $-1, %eax
        jmp     recovery_leave
        .size   expect_fault, . - expect_fault

/* int run_iret(const struct iret_frame *f): IRET to ring 3 (5 words) or, with EFLAGS.VM
   set, to V86 mode (9 words); returns through recover(). */
        .globl  run_iret
        .type   run_iret, @function
run_iret:
        pushl   %ebp
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        pushl   recovery_esp
        movl    %esp, recovery_esp
        movl    24(%esp), %esi          /* the frame */
        testl   $0x00020000, 8(%esi)    /* EFLAGS.VM */
        jz      1f
        pushl   32(%esi)                /* GS */
        pushl   28(%esi)                /* FS */
        pushl   24(%esi)                /* DS */
        pushl   20(%esi)                /* ES */
1:      pushl   16(%esi)                /* SS */
        pushl   12(%esi)                /* ESP */
        pushl   8(%esi)                 /* EFLAGS */
        pushl   4(%esi)                 /* CS */
        pushl   0(%esi)                 /* EIP */
        iretl
        .size   run_iret, . - run_iret

/* void recover(int value): back to the innermost recovery point, which returns value.
   Called from exception_dispatch on whatever stack the event arrived on. */
        .globl  recover
        .type   recover, @function
recover:
        movl    4(%esp), %eax
        movw    $SEL_KDATA, %dx
        movw    %dx, %ss
        movl    recovery_esp, %esp      /* right after MOV SS: no event in between */
        movw    %dx, %ds
        movw    %dx, %es
        movw    %dx, %fs
        movw    %dx, %gs
        cld
recovery_leave:
        popl    recovery_esp
        popl    %edi
        popl    %esi
        popl    %ebx
        popl    %ebp
        ret
        .size   recover, . - recover

/* ---- stacks ------------------------------------------------------------------------------ */
        .bss
        .balign 16
        .space  16384
        .globl  boot_stack_top
boot_stack_top:
        .balign 16
        .space  8192
        .globl  ring0_stack_top
ring0_stack_top:

        .section .note.GNU-stack, "", @progbits
