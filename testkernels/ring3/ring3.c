/*
 * ring3 -- privilege levels: IRET to ring 3, privileged and IOPL-sensitive instructions at
 * CPL 3, the I/O permission bitmap, INT n through DPL 3 and DPL 0 gates with the TSS
 * stack switch (SS0:ESP0), and a call gate from ring 3 to ring 0 and back.
 */
#include "runtime.h"

const char test_name[] = "ring3";

enum {
    G_CALLGATE = GDT_FIRST_FREE,    /* DPL 3 call gate to k_gate_entry, 2 parameters */
    G_CALLGATE_DPL0,                /* the same with DPL 0 */
    G_USTACK,                       /* a second DPL 3 data segment, used for SS */
};

/* snippets.S */
void u_report(void), u_hlt(void), u_cli(void), u_sti(void), u_read_cr0(void);
void u_write_cr3(void), u_lgdt(void), u_lidt(void), u_clts(void), u_load_kdata(void);
void u_in_3fd(void), u_in_3fc(void), u_inw_3fd(void), u_cli_iopl3(void), u_popf(void);
void u_int31(void), u_int32(void), u_int3(void), u_callgate(void), u_callgate_dpl0(void);
void k_gate_entry(void);
extern char u_hlt_insn[], u_cli_insn[], u_sti_insn[], u_read_cr0_insn[], u_write_cr3_insn[];
extern char u_lgdt_insn[], u_lidt_insn[], u_clts_insn[], u_load_kdata_insn[];
extern char u_in_3fd_insn[], u_in_3fc_insn[], u_inw_3fd_insn[], u_int31_next[];
extern char u_int32_insn[], u_int3_insn[], u_callgate_insn[], u_callgate_ret[];
extern char u_callgate_dpl0_insn[];
extern volatile uint32_t gate_esp, gate_stack[6], gate_cs, gate_ss;

#define A(label) ((uint32_t)(label))

static uint8_t user_stack[4096] __attribute__((aligned(16)));
#define USER_ESP ((uint32_t)user_stack + sizeof user_stack - 0x40)

/* Runs fn at CPL 3 with the given EFLAGS; SS = the runtime's user data segment. */
static int user(void (*fn)(void), uint32_t eflags)
{
    struct iret_frame f = { .eip = (uint32_t)fn, .cs = SEL_UCODE, .eflags = eflags,
                            .esp = USER_ESP, .ss = SEL_UDATA };
    exc_reset();
    return run_iret(&f);
}

static void iret_to_ring3(void)
{
    /* SS is a different DPL 3 data segment than the runtime's, and DS, ES, FS hold ring-0
       data segments while IRET runs: it must null them (DPL 0 < the new CPL 3). */
    struct iret_frame f = { .eip = A(u_report), .cs = SEL_UCODE, .eflags = EFL_FIXED,
                            .esp = USER_ESP - 4, .ss = SEL(G_USTACK, 3) };
    exc_reset();
    int r = run_iret(&f);
    check_event("IRET to ring 3 ran the code until INT 0x30", r, VEC_EXIT, 0, EIP_ANY);
    check_eq("IRET to ring 3: ESP popped from the frame", last_exc.f.eax, USER_ESP - 4);
    check_eq("IRET to ring 3: SS popped from the frame", last_exc.f.ebx, SEL(G_USTACK, 3));
    check_eq("IRET to ring 3: CS is the user code selector (CPL 3)", last_exc.f.ecx,
             SEL_UCODE);
    check_eq("IRET to ring 3: EFLAGS popped from the frame", last_exc.f.edx, EFL_FIXED);
    check_eq("IRET to ring 3: DS holding a DPL 0 segment is nulled", last_exc.f.esi, 0);
    check_eq("IRET to ring 3: ES holding a DPL 0 segment is nulled", last_exc.f.edi, 0);
    check_eq("IRET to ring 3: FS holding a DPL 0 segment is nulled", last_exc.f.ebp, 0);
    check_eq("INT 0x30 from ring 3: the frame holds the user SS", last_exc.ss,
             SEL(G_USTACK, 3));
    check_eq("INT 0x30 from ring 3: the frame holds the user ESP", last_exc.esp, USER_ESP - 4);
    check_eq("INT 0x30 from ring 3: the frame is on the TSS ESP0 stack", last_exc.frame_top,
             runtime_tss.tss.esp0);
}

static void privileged(void)
{
    static const struct { const char *name; void (*fn)(void); const char *insn; } cases[] = {
        { "CPL 3: HLT gives #GP(0)", u_hlt, u_hlt_insn },
        { "CPL 3: CLI with IOPL 0 gives #GP(0)", u_cli, u_cli_insn },
        { "CPL 3: STI with IOPL 0 gives #GP(0)", u_sti, u_sti_insn },
        { "CPL 3: MOV EAX, CR0 gives #GP(0)", u_read_cr0, u_read_cr0_insn },
        { "CPL 3: MOV CR3, EAX gives #GP(0)", u_write_cr3, u_write_cr3_insn },
        { "CPL 3: LGDT gives #GP(0)", u_lgdt, u_lgdt_insn },
        { "CPL 3: LIDT gives #GP(0)", u_lidt, u_lidt_insn },
        { "CPL 3: CLTS gives #GP(0)", u_clts, u_clts_insn },
        { "CPL 3: IN with IOPL 0 and the port denied gives #GP(0)", u_in_3fd, u_in_3fd_insn },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_event(cases[i].name, user(cases[i].fn, EFL_FIXED), VEC_GP, 0, A(cases[i].insn));
    check(last_exc.outer && last_exc.cs == SEL_UCODE && last_exc.ss == SEL_UDATA
          && last_exc.esp == USER_ESP, "CPL 3 #GP: frame holds user CS, SS and ESP");
    check_eq("CPL 3 #GP: the frame is on the TSS ESP0 stack", last_exc.frame_top,
             runtime_tss.tss.esp0);
    check_event("CPL 3: MOV DS, DPL 0 data gives #GP(selector)", user(u_load_kdata, EFL_FIXED),
                VEC_GP, SEL_KDATA, A(u_load_kdata_insn));

    /* IOPL 3 makes CLI legal at CPL 3; POPF at CPL 3 (IOPL 0) keeps IF and IOPL. */
    int r = user(u_cli_iopl3, EFL_FIXED | EFL_IOPL(3));
    check(r == VEC_EXIT && (last_exc.f.eax & EFL_IOPL_MASK) == EFL_IOPL(3),
          "CPL 3: CLI with IOPL 3 is allowed");
    r = user(u_popf, EFL_FIXED);
    check_eq("CPL 3: POPF changes CF but not IF or IOPL", r == VEC_EXIT ? last_exc.f.eax : 0,
             EFL_FIXED | EFL_CF);
}

static void io_bitmap(void)
{
    /* Allow port 0x3FD only: its bit in the TSS I/O permission bitmap is cleared. */
    runtime_tss.iomap[0x3FD / 8] &= (uint8_t)~(1u << (0x3FD % 8));
    check_event("I/O bitmap: IN from an allowed port at CPL 3", user(u_in_3fd, EFL_FIXED),
                VEC_EXIT, 0, EIP_ANY);
    check_event("I/O bitmap: IN from a denied port gives #GP(0)", user(u_in_3fc, EFL_FIXED),
                VEC_GP, 0, A(u_in_3fc_insn));
    check_event("I/O bitmap: word IN needs both ports allowed, else #GP(0)",
                user(u_inw_3fd, EFL_FIXED), VEC_GP, 0, A(u_inw_3fd_insn));
    runtime_tss.iomap[0x3FD / 8] |= (uint8_t)(1u << (0x3FD % 8));
    check_event("I/O bitmap: IOPL 3 allows any port", user(u_in_3fc, EFL_FIXED | EFL_IOPL(3)),
                VEC_EXIT, 0, EIP_ANY);
}

static volatile uint32_t h31_cs, h31_ss, h31_frame_top, h31_user_esp;

static int int31_handler(struct frame *f)
{
    uint32_t cs, ss;
    __asm__ volatile("xorl %0, %0; movw %%cs, %w0" : "=r"(cs));
    __asm__ volatile("xorl %0, %0; movw %%ss, %w0" : "=r"(ss));
    h31_cs = cs;
    h31_ss = ss;
    h31_frame_top = last_exc.frame_top;
    h31_user_esp = f->esp;
    f->eax = 0xC0FFEE;
    return 1;   /* IRET back to ring 3 */
}

static void interrupt_gates(void)
{
    idt_set_dpl(0x31, 3);
    set_handler(0x31, int31_handler);
    int r = user(u_int31, EFL_FIXED);
    set_handler(0x31, 0);
    idt_restore(0x31);
    check_event("INT 0x31 (DPL 3 gate) from ring 3 reaches ring 0 and returns", r, VEC_EXIT, 0,
                EIP_ANY);
    check_eq("INT from ring 3: handler runs with CS = ring-0 code", h31_cs, SEL_KCODE);
    check_eq("INT from ring 3: handler runs with SS = TSS SS0", h31_ss, SEL_KDATA);
    check_eq("INT from ring 3: frame ends at TSS ESP0", h31_frame_top, runtime_tss.tss.esp0);
    check_eq("INT from ring 3: frame holds the user ESP", h31_user_esp, USER_ESP);
    check_eq("IRET from the handler: ring 3 sees the EAX it set", last_exc.f.eax, 0xC0FFEE);
    check_eq("IRET from the handler: ring 3 ESP is as before the INT", last_exc.f.ecx,
             last_exc.f.ebx);
    check_eq("IRET from the handler: ring 3 SS is back", last_exc.f.edx, SEL_UDATA);

    check_event("INT 0x32 (DPL 0 gate) from ring 3 gives #GP(0x32*8+2)", user(u_int32, EFL_FIXED),
                VEC_GP, 0x32 * 8 + 2, A(u_int32_insn));
    check_event("INT3 (DPL 0 gate) from ring 3 gives #GP(3*8+2)", user(u_int3, EFL_FIXED),
                VEC_GP, 3 * 8 + 2, A(u_int3_insn));
    idt_set_dpl(VEC_BP, 3);
    r = user(u_int3, EFL_FIXED);
    idt_restore(VEC_BP);
    check_event("INT3 (DPL 3 gate) from ring 3 gives #BP, EIP after it", r, VEC_BP, 0,
                A(u_int3_insn) + 1);
}

static void call_gate(void)
{
    gate_esp = 0;
    int r = user(u_callgate, EFL_FIXED);
    check_event("call gate: far CALL from ring 3 to ring 0 and RETF back", r, VEC_EXIT, 0,
                EIP_ANY);
    check_eq("call gate: ring 0 ran on the TSS ESP0 stack (6 words pushed)", gate_esp,
             runtime_tss.tss.esp0 - 24);
    check_eq("call gate: ring 0 CS", gate_cs, SEL_KCODE);
    check_eq("call gate: ring 0 SS is TSS SS0", gate_ss, SEL_KDATA);
    check_eq("call gate: pushed return EIP", gate_stack[0], A(u_callgate_ret));
    check_eq("call gate: pushed return CS", gate_stack[1] & 0xFFFF, SEL_UCODE);
    check_eq("call gate: parameter 1 copied", gate_stack[2], 0x2222);
    check_eq("call gate: parameter 2 copied", gate_stack[3], 0x1111);
    check_eq("call gate: pushed caller ESP", gate_stack[4], USER_ESP - 8);
    check_eq("call gate: pushed caller SS", gate_stack[5] & 0xFFFF, SEL_UDATA);
    check_eq("RETF 8: ring 3 got EAX from ring 0", last_exc.f.eax, 0x5A5A5A5A);
    check_eq("RETF 8: ring 3 ESP has the parameters popped", last_exc.f.ecx, last_exc.f.ebx);
    check_eq("RETF 8: ES holding a DPL 0 segment is nulled", last_exc.f.edx, 0);
    check_eq("RETF 8: back at CPL 3", last_exc.cs, SEL_UCODE);

    check_event("call gate with DPL 0 from ring 3 gives #GP(gate selector)",
                user(u_callgate_dpl0, EFL_FIXED), VEC_GP, SEL(G_CALLGATE_DPL0, 0),
                A(u_callgate_dpl0_insn));
}

void test_main(void)
{
    gdt_set_gate(G_CALLGATE, SEL_KCODE, (uint32_t)k_gate_entry, SYS_CALLGATE32, 3, 2);
    gdt_set_gate(G_CALLGATE_DPL0, SEL_KCODE, (uint32_t)k_gate_entry, SYS_CALLGATE32, 0, 2);
    gdt_set_seg(G_USTACK, 0, 0xFFFFF, ACC_P | ACC_DPL(3) | ACC_DATA_RW, FLG_G | FLG_DB);

    iret_to_ring3();
    privileged();
    io_bitmap();
    interrupt_gates();
    call_gate();
}
