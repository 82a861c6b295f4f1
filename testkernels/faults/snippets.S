/*
 * snippets.S -- the instructions the faults kernel makes fault, each in a small function
 * with a global label on the instruction whose address the test compares with the EIP
 * the CPU saved (a fault saves the instruction's own address, a trap the next one's).
 */
#include "x86.h"

        .text
#define FN(name) .globl name; .type name, @function; name:
#define AT(label) .globl label; label:

/* #DE: DIV by zero. */
FN(t_div_zero)
        movl    $1, %eax
        xorl    %edx, %edx
        xorl    %ecx, %ecx
AT(t_div_zero_insn)
        divl    %ecx
        ret

/* #DE: DIV whose quotient does not fit: 0x1_00000000 / 1. */
FN(t_div_overflow)
        movl    $1, %edx
        xorl    %eax, %eax
        movl    $1, %ecx
AT(t_div_overflow_insn)
        divl    %ecx
        ret

/* #DE: IDIV -2^31 / -1 (the quotient +2^31 does not fit). */
FN(t_idiv_overflow)
        movl    $0x80000000, %eax
        cltd
        movl    $-1, %ecx
AT(t_idiv_overflow_insn)
        idivl   %ecx
        ret

/* #UD: UD2. */
FN(t_ud2)
AT(t_ud2_insn)
        ud2
        ret

/* #BP: INT3 is a trap: the saved EIP is that of the next instruction, and returning from
   the handler goes on there (it sets after_trap to 1). */
FN(t_int3)
        movl    $0, after_trap
        int3
AT(t_int3_next)
        movl    $1, after_trap
        ret

/* #OF: INTO with OF = 1 traps (0x7fffffff + 1 overflows); with OF = 0 it does nothing. */
FN(t_into_of)
        movl    $0, after_trap
        movl    $0x7fffffff, %eax
        addl    $1, %eax
        into
AT(t_into_next)
        movl    $1, after_trap
        ret

FN(t_into_no_of)
        movl    $1, %eax
        addl    $1, %eax
        into
        ret

/* #BR: BOUND with the index above the upper bound is a fault; the bounds are inclusive. */
FN(t_bound_out)
        movl    $21, %eax
AT(t_bound_out_insn)
        boundl  %eax, bounds
        ret

FN(t_bound_in)
        movl    $10, %eax
        boundl  %eax, bounds
        movl    $20, %eax
        boundl  %eax, bounds
        ret

/* Segment register loads with the selector in load_sel. Each restores the register. */
FN(t_load_ds)
        movl    load_sel, %eax
AT(t_load_ds_insn)
        movw    %ax, %ds
        movw    $SEL_KDATA, %ax
        movw    %ax, %ds
        ret

FN(t_load_ss)
        movl    load_sel, %eax
AT(t_load_ss_insn)
        movw    %ax, %ss
        movw    $SEL_KDATA, %ax
        movw    %ax, %ss
        ret

/* Far JMP through the 6-byte pointer far_ptr (offset, then selector). The target, if it
   is ever reached, is far_landing: it returns to the caller through the kernel CS. */
FN(t_far_jmp)
AT(t_far_jmp_insn)
        ljmp    *far_ptr
        ret
FN(far_landing)
        ljmp    $SEL_KCODE, $1f
1:      ret

/* INT3 and INT 0x40, for the gate tests (INT n is a software interrupt: no EXT bit). */
FN(t_int3_plain)
        int3
        ret
FN(t_int40)
AT(t_int40_insn)
        int     $0x40
        ret

        .data
        .balign 4
        .globl  bounds, load_sel, far_ptr, after_trap
bounds:     .long   10, 20
load_sel:   .long   0
far_ptr:    .long   0
            .word   0
            .word   0
after_trap: .long   0
