/*
 * tasks -- hardware task switching: JMP and CALL to a TSS, JMP through a task gate in the
 * GDT, INT n and an exception (with its error code) through task gates in the IDT; what
 * is saved into the old TSS and loaded from the new one; busy bits; NT, the back link
 * and IRET back to the calling task; CR0.TS set by every switch; #GP on a switch to a
 * busy task.
 *
 * The main task is the runtime's TSS (SEL_TSS, made busy by LTR). Faults are only ever
 * taken in the main task (the runtime's recovery point lives on its stack).
 */
#include "runtime.h"

const char test_name[] = "tasks";

enum {
    G_TSS_A = GDT_FIRST_FREE,   /* 6: task A (JMP) -- also in snippets.S */
    G_TSS_B,                    /* 7: task B (CALL, IRET) */
    G_GATE_A,                   /* 8: task gate to task A */
    G_TSS_C,                    /* 9: task C (IDT task gate, INT 0x40) */
    G_TSS_E,                    /* 10: task E (IDT task gate, #GP) */
};

/* The record REPORT fills (snippets.S). */
struct rec {
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, eflags, tr, cr0;
    uint32_t cs, ss, ds, es, fs, gs;
    uint32_t gdt_hi[5];         /* high words of GDT entries 5-9 */
};
extern volatile struct rec rec_a, rec_a2, rec_b, rec_c, rec_e;
extern volatile struct { uint32_t cf, ebx, esi, edi, ebp, eflags, fs; } rec_main_back;
extern volatile uint32_t a_resumed, b_count, c_count, e_count, e_error_code, e_saved_eip;
void task_a(void), task_b(void), task_c(void), task_e(void);
void main_jmp(uint32_t selector), main_call(uint32_t selector);
void main_int40(void), main_gp(void);
extern char task_a_resumed[], task_b_after_iret[], main_jmp_back[], main_call_back[];
extern char main_gp_insn[];

#define A(label) ((uint32_t)(label))

static struct tss tss_a, tss_b, tss_c, tss_e;
static uint8_t stack_a[1024], stack_b[1024], stack_c[1024], stack_e[1024];

static void init_task(struct tss *t, void (*entry)(void), uint8_t *stack, size_t size,
                      uint32_t eflags)
{
    memset(t, 0, sizeof *t);
    t->eip = (uint32_t)entry;
    t->eflags = eflags;
    t->esp = (uint32_t)stack + size;
    t->cs = SEL_KCODE;
    t->ss = t->ds = t->es = t->fs = t->gs = SEL_KDATA;
    t->cr3 = read_cr3();
    t->ss0 = SEL_KDATA;
    t->esp0 = t->esp;
    t->iomap_base = sizeof(struct tss);     /* beyond the limit: no I/O bitmap */
}

static int type_of(uint32_t hi) { return (int)((hi >> 8) & 0x1F); }
static int gdt_type(int index) { return desc_type(gdt[index]); }
/* In a record: the type of GDT entry 5 + i. */
#define REC_TYPE(rec, index) type_of((rec).gdt_hi[(index) - 5])

static uint32_t cr0_ts(void) { return read_cr0() & CR0_TS; }

static void check_main_restored(const char *how)
{
    check(rec_main_back.cf == 1 && rec_main_back.ebx == 0x3B3B3B3B
          && rec_main_back.esi == 0x35353535 && rec_main_back.edi == 0x3D3D3D3D
          && rec_main_back.ebp == 0x3E3E3E3E && rec_main_back.fs == SEL_UDATA, how);
}

static void jmp_tss(void)
{
    check_eq("LTR marked the main TSS busy", gdt_type(5), SYS_TSS32_BUSY);
    __asm__ volatile("clts");

    main_jmp(SEL(G_TSS_A, 0));

    /* What task A saw on entry: its TSS's initial state. */
    check_eq("JMP to TSS: new task's EAX from its TSS", rec_a.eax, 0xAAAA0001);
    check(rec_a.ecx == 0xAAAA0002 && rec_a.edx == 0xAAAA0003 && rec_a.ebx == 0xAAAA0004
          && rec_a.ebp == 0xAAAA0006 && rec_a.esi == 0xAAAA0007 && rec_a.edi == 0xAAAA0008,
          "JMP to TSS: new task's ECX EDX EBX EBP ESI EDI from its TSS");
    check_eq("JMP to TSS: new task's ESP from its TSS", rec_a.esp, tss_a.esp0);
    check_eq("JMP to TSS: new task's EFLAGS from its TSS (NT clear)", rec_a.eflags,
             EFL_FIXED | EFL_CF | EFL_ZF);
    check(rec_a.cs == SEL_KCODE && rec_a.ss == SEL_KDATA && rec_a.ds == SEL_KDATA
          && rec_a.es == SEL_KDATA && rec_a.fs == SEL_KDATA && rec_a.gs == SEL_KDATA,
          "JMP to TSS: new task's segment registers from its TSS");
    check_eq("JMP to TSS: TR is the new TSS", rec_a.tr, SEL(G_TSS_A, 0));
    check(rec_a.cr0 & CR0_TS, "JMP to TSS: CR0.TS is set");
    check_eq("JMP to TSS: the new TSS is busy", REC_TYPE(rec_a, G_TSS_A), SYS_TSS32_BUSY);
    check_eq("JMP to TSS: the old TSS is no longer busy", REC_TYPE(rec_a, 5), SYS_TSS32_AVAIL);

    /* What the switch saved into the main TSS, and what the switch back restored. */
    struct tss *m = &runtime_tss.tss;
    check_eq("JMP: old TSS saved EIP after the JMP", m->eip, A(main_jmp_back));
    check(m->ebx == 0x3B3B3B3B && m->esi == 0x35353535 && m->edi == 0x3D3D3D3D
          && m->ebp == 0x3E3E3E3E, "JMP: old TSS saved EBX ESI EDI EBP");
    check(m->eflags & EFL_CF, "JMP: old TSS saved EFLAGS (CF set)");
    check_eq("JMP: old TSS saved FS", m->fs, SEL_UDATA);
    check(m->cs == SEL_KCODE && m->ss == SEL_KDATA && m->ds == SEL_KDATA,
          "JMP: old TSS saved CS SS DS");
    check_eq("JMP: the new TSS's back link is not written", tss_a.link, 0);
    check_main_restored("JMP back: main task's registers, CF and FS restored from its TSS");
    check_eq("JMP back: task A's TSS saved its EIP after its JMP", tss_a.eip,
             A(task_a_resumed));
    check(tss_a.eax == 0xA0A0A0A0 && tss_a.ebx == 0xA1A1A1A1,
          "JMP back: task A's TSS saved its EAX and EBX");
    check_eq("JMP back: TR is the main TSS", read_tr(), SEL_TSS);
    check_eq("JMP back: main TSS busy again", gdt_type(5), SYS_TSS32_BUSY);
    check_eq("JMP back: task A's TSS no longer busy", gdt_type(G_TSS_A), SYS_TSS32_AVAIL);
    check(cr0_ts(), "JMP back: CR0.TS is set");
    __asm__ volatile("clts");
    check(!cr0_ts(), "CLTS clears CR0.TS");

    /* Through the task gate: task A resumes where it left off. */
    main_jmp(SEL(G_GATE_A, 0));
    check_eq("JMP through a GDT task gate: task A resumed after its JMP", a_resumed, 1);
    check_eq("JMP through a task gate: TR in task A", rec_a2.tr, SEL(G_TSS_A, 0));
    check_eq("JMP through a task gate: task A kept its registers", rec_a2.ebx, 0xA1A1A1A1);
    check_main_restored("JMP through a task gate and back: main task restored");
    __asm__ volatile("clts");
}

static void call_tss(void)
{
    main_call(SEL(G_TSS_B, 0));
    check_eq("CALL to TSS: task B ran", b_count, 1);
    check(rec_b.eflags & EFL_NT, "CALL to TSS: NT set in the new task");
    check_eq("CALL to TSS: the new TSS's back link is the caller", tss_b.link, SEL_TSS);
    check_eq("CALL to TSS: the new TSS is busy", REC_TYPE(rec_b, G_TSS_B), SYS_TSS32_BUSY);
    check_eq("CALL to TSS: the caller's TSS stays busy", REC_TYPE(rec_b, 5), SYS_TSS32_BUSY);
    check_eq("CALL to TSS: TR is the new TSS", rec_b.tr, SEL(G_TSS_B, 0));
    check_main_restored("IRET with NT: main task's registers restored");
    check_eq("IRET with NT: back in the main task", read_tr(), SEL_TSS);
    check(!(read_eflags() & EFL_NT), "IRET with NT: the caller's NT is clear");
    check_eq("IRET with NT: the called task's TSS is no longer busy", gdt_type(G_TSS_B),
             SYS_TSS32_AVAIL);
    check_eq("IRET with NT: the caller's TSS is still busy", gdt_type(5), SYS_TSS32_BUSY);
    check_eq("IRET with NT: task B's TSS saved EIP after its IRET", tss_b.eip,
             A(task_b_after_iret));
    check_eq("IRET with NT: task B's TSS saved EAX", tss_b.eax, 0xB0B0B0B0);
    check(!(tss_b.eflags & EFL_NT), "IRET with NT: NT is clear in the saved EFLAGS image");
    check_eq("CALL: the caller's TSS saved EIP after the CALL", runtime_tss.tss.eip,
             A(main_call_back));

    main_call(SEL(G_TSS_B, 0));
    check_eq("CALL to the same task again: it resumes after its IRET", b_count, 2);
    check(rec_b.eflags & EFL_NT, "CALL again: NT set again");
    __asm__ volatile("clts");
}

static uint32_t busy_sel;
static void jmp_busy(void) { main_jmp(busy_sel); }
static void call_busy(void) { main_call(busy_sel); }

static void busy(void)
{
    busy_sel = SEL_TSS;
    exc_reset();
    check_event("JMP to a busy TSS (the current task) gives #GP(selector)",
                expect_fault(jmp_busy), VEC_GP, SEL_TSS, EIP_ANY);
    exc_reset();
    check_event("CALL to a busy TSS (the current task) gives #GP(selector)",
                expect_fault(call_busy), VEC_GP, SEL_TSS, EIP_ANY);
    check_eq("after the refused switches TR is unchanged", read_tr(), SEL_TSS);
}

static void idt_task_gates(void)
{
    idt[0x40] = make_gate(SEL(G_TSS_C, 0), 0, SYS_TASKGATE, 0, 0);
    main_int40();
    idt_restore(0x40);
    check_eq("INT through an IDT task gate: task C ran", c_count, 1);
    check(rec_c.eflags & EFL_NT, "INT through a task gate: NT set in the new task");
    check_eq("INT through a task gate: back link is the interrupted task", tss_c.link,
             SEL_TSS);
    check_eq("INT through a task gate: TR in task C", rec_c.tr, SEL(G_TSS_C, 0));
    check_eq("IRET from task C: TSS C no longer busy", gdt_type(G_TSS_C), SYS_TSS32_AVAIL);

    /* #GP through a task gate: the error code is pushed on the new task's stack; the
       faulting task's saved EIP is the faulting instruction. */
    idt[VEC_GP] = make_gate(SEL(G_TSS_E, 0), 0, SYS_TASKGATE, 0, 0);
    exc_reset();
    int r = expect_fault(main_gp);
    idt_restore(VEC_GP);
    check(r == NO_EVENT && e_count == 1, "#GP through an IDT task gate: handler task ran");
    check_eq("#GP through a task gate: error code on the handler task's stack",
             e_error_code, SEL(40, 0));
    check_eq("#GP through a task gate: handler task's ESP is below the error code",
             rec_e.esp, tss_e.esp0 - 4);
    check_eq("#GP through a task gate: faulting task's saved EIP is the instruction",
             e_saved_eip, A(main_gp_insn));
    check_eq("#GP through a task gate: back link is the faulting task", tss_e.link, SEL_TSS);
    __asm__ volatile("clts");
}

void test_main(void)
{
    init_task(&tss_a, task_a, stack_a, sizeof stack_a, EFL_FIXED | EFL_CF | EFL_ZF);
    tss_a.eax = 0xAAAA0001; tss_a.ecx = 0xAAAA0002; tss_a.edx = 0xAAAA0003;
    tss_a.ebx = 0xAAAA0004; tss_a.ebp = 0xAAAA0006; tss_a.esi = 0xAAAA0007;
    tss_a.edi = 0xAAAA0008;
    init_task(&tss_b, task_b, stack_b, sizeof stack_b, EFL_FIXED);
    init_task(&tss_c, task_c, stack_c, sizeof stack_c, EFL_FIXED);
    init_task(&tss_e, task_e, stack_e, sizeof stack_e, EFL_FIXED);
    gdt_set_tss(G_TSS_A, &tss_a, sizeof(struct tss) - 1, 0);
    gdt_set_tss(G_TSS_B, &tss_b, sizeof(struct tss) - 1, 0);
    gdt[G_GATE_A] = make_gate(SEL(G_TSS_A, 0), 0, SYS_TASKGATE, 0, 0);
    gdt_set_tss(G_TSS_C, &tss_c, sizeof(struct tss) - 1, 0);
    gdt_set_tss(G_TSS_E, &tss_e, sizeof(struct tss) - 1, 0);

    jmp_tss();
    call_tss();
    busy();
    idt_task_gates();
}
