/*
 * snippets.S -- the stack instructions the stack16 kernel runs, one short snippet each, and
 * run_case(), which runs one with the registers of case_in and stores what it left in
 * case_out.
 *
 * Snippets run in CODE_B, a 32-bit ring-0 code segment based at the image's load address
 * (IMAGE_BASE), so that their offsets fit in 16 bits and 16-bit CALL, RET, RETF, INT and
 * IRET (which truncate EIP to IP) come back to them. Each ends with DONE: a far jump to
 * case_return in the flat code segment. Ring-3 snippets (u_*) run in CODE_B3, the same at
 * DPL 3, and end with INT 0x30 -- they are there to fault.
 */
#include "x86.h"

#define IMAGE_BASE  0x100000    /* kernel.ld's load address */
#define G_CODE_B    6           /* keep in step with stack16.c */
#define G_CODE_B3   10
#define SEL_CODE_B  (G_CODE_B << 3)
#define SEL_CODE_B3 ((G_CODE_B3 << 3) | 3)
#define OFF(label)  (label - IMAGE_BASE)

/* struct regs in stack16.c */
#define R_EAX 0
#define R_ECX 4
#define R_EDX 8
#define R_EBX 12
#define R_ESP 16
#define R_EBP 20
#define R_ESI 24
#define R_EDI 28
#define R_EFLAGS 32
#define R_SS 36
#define R_DS 40
#define R_ES 44
#define R_FS 48
#define R_GS 52

        .text
#define FN(name) .globl name; .type name, @function; name:
#define DONE ljmp $SEL_KCODE, $case_return

/* void run_case(void (*snippet)(void)) */
FN(run_case)
        pushal
        movl    %esp, saved_esp
        movl    36(%esp), %eax
        subl    $IMAGE_BASE, %eax
        movl    %eax, far_target
        movw    $SEL_CODE_B, far_target + 4
        pushl   case_in + R_EFLAGS
        popfl                           /* MOVs below leave the flags alone */
        movw    case_in + R_ES, %es
        movw    case_in + R_FS, %fs
        movw    case_in + R_GS, %gs
        movw    case_in + R_SS, %ss
        movl    case_in + R_ESP, %esp
        movl    case_in + R_ECX, %ecx
        movl    case_in + R_EDX, %edx
        movl    case_in + R_EBX, %ebx
        movl    case_in + R_EBP, %ebp
        movl    case_in + R_ESI, %esi
        movl    case_in + R_EDI, %edi
        movl    case_in + R_EAX, %eax
        ljmp    *far_target

/* Back from a snippet, DS still flat (the POP DS snippets restore it): nothing here
   touches the stack under test, whose bytes below the final top are checked too. */
FN(case_return)
        movl    %eax, case_out + R_EAX
        movw    $SEL_KDATA, %ax
        movl    %ecx, case_out + R_ECX
        movl    %edx, case_out + R_EDX
        movl    %ebx, case_out + R_EBX
        movl    %esp, case_out + R_ESP
        movl    %ebp, case_out + R_EBP
        movl    %esi, case_out + R_ESI
        movl    %edi, case_out + R_EDI
        movl    $0, case_out + R_SS
        movw    %ss, case_out + R_SS
        movl    $0, case_out + R_ES
        movw    %es, case_out + R_ES
        movl    $0, case_out + R_FS
        movw    %fs, case_out + R_FS
        movl    $0, case_out + R_GS
        movw    %gs, case_out + R_GS
        movw    %ax, %ss
        movl    saved_esp, %esp
        pushfl
        popl    case_out + R_EFLAGS
        movw    %ax, %es
        movw    %ax, %fs
        movw    %ax, %gs
        popal
        ret

/* ---- ring-0 snippets ---------------------------------------------------------------- */

#define SNIP(name, insns...) FN(s_##name) insns; DONE

        .irp r, ax, cx, dx, bx, sp, bp, si, di
SNIP(push16_\r, pushw %\r)
SNIP(push32_\r, pushl %e\r)
SNIP(pop16_\r, popw %\r)
SNIP(pop32_\r, popl %e\r)
        .endr

        .irp s, es, cs, ss, ds, fs, gs
SNIP(pushs16_\s, pushw %\s)
SNIP(pushs32_\s, pushl %\s)
        .endr
        .irp s, es, ss, fs, gs
SNIP(pops16_\s, popw %\s)
SNIP(pops32_\s, popl %\s)
        .endr
/* POP DS reports the selector in ECX and puts the flat DS back for case_return. */
SNIP(pops16_ds, popw %ds; movl %ds, %ecx; movw $SEL_KDATA, %dx; movw %dx, %ds)
SNIP(pops32_ds, popl %ds; movl %ds, %ecx; movw $SEL_KDATA, %dx; movw %dx, %ds)

SNIP(pushm16, pushw mem_in)
SNIP(pushm32, pushl mem_in)
SNIP(popm16, popw mem_out)
SNIP(popm32, popl mem_out)
SNIP(pushib16, pushw $-2)
SNIP(pushib32, pushl $-2)
SNIP(pushiw16, pushw $0x1234)
SNIP(pushid32, pushl $0x12345678)
SNIP(pushf16, pushfw)
SNIP(pushf32, pushfl)
SNIP(popf16, popfw)
SNIP(popf32, popfl)
SNIP(pusha16, pushaw)
SNIP(pusha32, pushal)
SNIP(popa16, popaw)
SNIP(popa32, popal)

        .irp l, 0, 1, 2, 31
SNIP(enter16_\l, enterw $0x20, $\l)
SNIP(enter32_\l, enterl $0x20, $\l)
        .endr
SNIP(leave16, leavew)
SNIP(leave32, leavel)

/* Near CALL and RET: the callee reports its ESP in ESI and returns with RET n (n = 0 or
   6); ECX gets the return address the CALL pushed, as RET sees it. */
FN(s_call16)
        callw   1f
        DONE
1:      movl    %esp, %esi
        retw
FN(s_call32)
        calll   1f
        DONE
1:      movl    %esp, %esi
        retl
FN(s_call16_ret6)
        callw   1f
        DONE
1:      movl    %esp, %esi
        retw    $6
FN(s_call32_ret6)
        calll   1f
        DONE
1:      movl    %esp, %esi
        retl    $6
        .globl  ret_call16, ret_call32
        .set    ret_call16, s_call16 + 4        /* after 66 E8 rel16 */
        .set    ret_call32, s_call32 + 5

/* Far CALL and RETF (same privilege), with and without an immediate. */
/* Indirect through far pointers in .data (see the end of this file). */
FN(s_lcall16)
        lcallw  *fp_far16
        DONE
FN(s_lcall32)
        lcalll  *fp_far32
        DONE
FN(s_lcall16_ret8)
        lcallw  *fp_far16_8
        DONE
FN(s_lcall32_ret8)
        lcalll  *fp_far32_8
        DONE
        .globl  ret_lcall16, ret_lcall32
        .set    ret_lcall16, s_lcall16 + 7      /* 66 FF 1D disp32 */
        .set    ret_lcall32, s_lcall32 + 6      /* FF 1D disp32 */
far16:  movl    %esp, %esi
        lretw
far32:  movl    %esp, %esi
        lretl
far16_8: movl   %esp, %esi
        lretw   $8
far32_8: movl   %esp, %esi
        lretl   $8

/* INT n through a 32-bit (0x40) and a 16-bit (0x41) interrupt gate to CODE_B, IRET back. */
FN(s_int32)
        int     $0x40
        DONE
FN(s_int16)
        int     $0x41
        DONE
        .globl  ret_int32, ret_int16
        .set    ret_int32, s_int32 + 2
        .set    ret_int16, s_int16 + 2
FN(isr32)
        movl    %esp, %esi
        iretl
FN(isr16)
        movl    %esp, %esi
        iretw

/* ---- ring-3 snippets: each writes the stack once, at the instruction labelled u_*_insn;
   the stack pointer they start with makes that write land on the page under test. ---- */

/* DS: run_iret's IRET to ring 3 nulled it; PUSH m and the far calls read through it. */
#define USNIP(name, insns...) FN(u_##name) movw $SEL_UDATA, %cx; movw %cx, %ds; \
        .globl u_##name##_insn; u_##name##_insn: insns; int $VEC_EXIT

USNIP(push16, pushw %ax)
USNIP(push32, pushl %eax)
USNIP(pushib, pushl $1)
USNIP(pushid, pushl $0x12345678)
USNIP(pushm, pushl mem_in)
USNIP(pushs, pushl %ds)
USNIP(pushf16, pushfw)
USNIP(pushf32, pushfl)
USNIP(pusha16, pushaw)
USNIP(pusha32, pushal)
USNIP(call16, callw 1f)
1:      int     $VEC_EXIT
USNIP(call32, calll 1f)
1:      int     $VEC_EXIT
USNIP(lcall16, lcallw *fp_ufar16)     /* not run: QEMU pushes with supervisor rights */
USNIP(lcall32, lcalll *fp_ufar32)
u_far:  int     $VEC_EXIT
USNIP(enter16, enterw $0, $0)
USNIP(enter32, enterl $0, $0)
USNIP(enter32_2, enterl $0, $2)

        .data
        .balign 4
        .globl  mem_in, mem_out
mem_in:     .long 0x600DF00D
mem_out:    .long 0
saved_esp:  .long 0
far_target: .long 0
            .word 0
/* Far pointers (offset, selector) to the far-call targets, filled in by stack16.c: the
   targets' offsets in CODE_B are their addresses less the image base. */
        .globl  fp_far16, fp_far16_8, fp_ufar16, fp_far32, fp_far32_8, fp_ufar32
        .globl  far16, far16_8, far32, far32_8, u_far
fp_far16:   .word 0, SEL_CODE_B
fp_far16_8: .word 0, SEL_CODE_B
fp_ufar16:  .word 0, SEL_CODE_B3
            .balign 4
fp_far32:   .long 0
            .word SEL_CODE_B
            .balign 4
fp_far32_8: .long 0
            .word SEL_CODE_B
            .balign 4
fp_ufar32:  .long 0
            .word SEL_CODE_B3
