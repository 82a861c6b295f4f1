/*
 * snippets.S -- the ring-3 code of the ring3 kernel, and the ring-0 end of its call gate.
 * Ring-3 code reports what it saw in registers and ends with INT 0x30 (VEC_EXIT): the
 * runtime records the registers (struct frame) and returns from run_iret().
 */
#include "x86.h"

#define G_CALLGATE      6       /* keep in step with ring3.c */
#define G_CALLGATE_DPL0 7

        .text
#define FN(name) .globl name; .type name, @function; name:
#define AT(label) .globl label; label:

/* Entered by IRET: report ESP, SS, CS, EFLAGS, and the data segment registers as the
   IRET left them (it nulls those that held DPL 0 data segments). */
FN(u_report)
        movl    %esp, %eax
        pushfl                          /* first: the XORs below change the flags */
        popl    %edx
        xorl    %ebx, %ebx
        movw    %ss, %bx
        xorl    %ecx, %ecx
        movw    %cs, %cx
        xorl    %esi, %esi
        movw    %ds, %si
        xorl    %edi, %edi
        movw    %es, %di
        xorl    %ebp, %ebp
        movw    %fs, %bp
        int     $VEC_EXIT

/* Privileged or IOPL-sensitive instructions, one per entry point; each faults at its
   label (the INT 0x30 after it is reached only if it does not). */
FN(u_hlt)
AT(u_hlt_insn)
        hlt
        int     $VEC_EXIT
FN(u_cli)
AT(u_cli_insn)
        cli
        int     $VEC_EXIT
FN(u_sti)
AT(u_sti_insn)
        sti
        int     $VEC_EXIT
FN(u_read_cr0)
AT(u_read_cr0_insn)
        movl    %cr0, %eax
        int     $VEC_EXIT
FN(u_write_cr3)
        xorl    %eax, %eax
AT(u_write_cr3_insn)
        movl    %eax, %cr3
        int     $VEC_EXIT
FN(u_lgdt)
        movw    $SEL_UDATA, %ax         /* IRET nulled DS: make the operand addressable */
        movw    %ax, %ds
AT(u_lgdt_insn)
        lgdt    u_pseudo_desc
        int     $VEC_EXIT
FN(u_lidt)
        movw    $SEL_UDATA, %ax
        movw    %ax, %ds
AT(u_lidt_insn)
        lidt    u_pseudo_desc
        int     $VEC_EXIT
FN(u_clts)
AT(u_clts_insn)
        clts
        int     $VEC_EXIT
FN(u_load_kdata)
        movw    $SEL_KDATA, %ax
AT(u_load_kdata_insn)
        movw    %ax, %ds
        int     $VEC_EXIT

/* I/O: byte IN from 0x3FD (the UART's line status: reading it has no side effect), byte
   IN from 0x3FC, word IN from 0x3FD (ports 0x3FD and 0x3FE). */
FN(u_in_3fd)
        movw    $0x3FD, %dx
AT(u_in_3fd_insn)
        inb     %dx, %al
        int     $VEC_EXIT
FN(u_in_3fc)
        movw    $0x3FC, %dx
AT(u_in_3fc_insn)
        inb     %dx, %al
        int     $VEC_EXIT
FN(u_inw_3fd)
        movw    $0x3FD, %dx
AT(u_inw_3fd_insn)
        inw     %dx, %ax
        int     $VEC_EXIT

/* CLI/STI at CPL 3 with IOPL 3: allowed. Reports EFLAGS after CLI in EAX. */
FN(u_cli_iopl3)
        cli
        pushfl
        popl    %eax
        int     $VEC_EXIT

/* POPF at CPL 3 with IOPL 0: IF and IOPL are silently kept, other flags change.
   EAX = EFLAGS after POPF of (CF | IF | IOPL 3). */
FN(u_popf)
        pushl   $(EFL_FIXED | EFL_CF | EFL_IF | EFL_IOPL(3))
        popfl
        pushfl
        popl    %eax
        int     $VEC_EXIT

/* INT 0x31 through a DPL 3 gate; its ring-0 handler sets EAX and returns by IRET. Then
   report EAX, ESP and SS as seen back in ring 3 (EBX = ESP before the INT). */
FN(u_int31)
        movl    $0x11111111, %eax
        movl    %esp, %ebx
        int     $0x31
AT(u_int31_next)
        movl    %esp, %ecx
        xorl    %edx, %edx
        movw    %ss, %dx
        int     $VEC_EXIT

/* INT 0x32 and INT3 through DPL 0 gates: #GP(vector * 8 + 2). */
FN(u_int32)
AT(u_int32_insn)
        int     $0x32
        int     $VEC_EXIT
FN(u_int3)
AT(u_int3_insn)
        int3
        int     $VEC_EXIT

/* Far CALL through a DPL 3 call gate to ring 0 with 2 parameters, and RETF 8 back.
   Reports: EAX = what ring 0 returned, EBX = ESP before the pushes, ECX = ESP after the
   return, EDX = ES after the return (ring 0 loaded a DPL 0 selector into it). */
FN(u_callgate)
        movw    $SEL_UDATA, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movl    %esp, %ebx
        pushl   $0x1111
        pushl   $0x2222
AT(u_callgate_insn)
        lcall   $SEL(G_CALLGATE, 3), $0
AT(u_callgate_ret)
        movl    %esp, %ecx
        xorl    %edx, %edx
        movw    %es, %dx
        int     $VEC_EXIT

FN(u_callgate_dpl0)
AT(u_callgate_dpl0_insn)
        lcall   $SEL(G_CALLGATE_DPL0, 3), $0
        int     $VEC_EXIT

/* Ring-0 end of the call gate: record the stack the CPU built (EIP, CS, the 2 copied
   parameters, the caller's ESP and SS), CS and SS, then load a DPL 0 selector into ES and
   return with RETF 8. */
FN(k_gate_entry)
        movl    %esp, gate_esp
        movl    0(%esp), %eax
        movl    %eax, gate_stack + 0
        movl    4(%esp), %eax
        movl    %eax, gate_stack + 4
        movl    8(%esp), %eax
        movl    %eax, gate_stack + 8
        movl    12(%esp), %eax
        movl    %eax, gate_stack + 12
        movl    16(%esp), %eax
        movl    %eax, gate_stack + 16
        movl    20(%esp), %eax
        movl    %eax, gate_stack + 20
        xorl    %eax, %eax
        movw    %cs, %ax
        movl    %eax, gate_cs
        movw    %ss, %ax
        movl    %eax, gate_ss
        movw    $SEL_KDATA, %ax
        movw    %ax, %es
        movl    $0x5A5A5A5A, %eax
        lret    $8

        .data
        .balign 4
        .globl  gate_esp, gate_stack, gate_cs, gate_ss
gate_esp:   .long   0
gate_stack: .space  24
gate_cs:    .long   0
gate_ss:    .long   0
u_pseudo_desc: .word 0
            .long   0
