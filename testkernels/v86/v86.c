/*
 * v86 -- virtual-8086 mode: entry by IRET with EFLAGS.VM set and by a task switch to a TSS
 * whose EFLAGS has VM; real-mode addressing; INT n to a ring-0 handler (the stack frame
 * with the V86 segment registers, the data segment registers cleared in the handler, the
 * TSS SS0:ESP0 stack); IRET back into V86 mode; the IOPL-sensitive instructions (CLI,
 * PUSHF, POPF, INT n) trapping to the monitor with #GP(0) when IOPL < 3; INT n through a
 * DPL 0 gate; the I/O bitmap applying whatever IOPL; HLT trapping.
 */
#include "runtime.h"
#include "v86.h"

const char test_name[] = "v86";

enum { G_TSS_V = GDT_FIRST_FREE };

extern const char v86_blob[], v86_blob_end[], v86_after_int31[], v86_in_denied[];
extern const char v86_int33[], v86_cli[], v86_pushf[], v86_popf[], v86_int31_trap[];
extern const char v86_hlt[], v86_task_entry[], v86_task_int[];
#define OFF(label) ((uint32_t)((label) - v86_blob))
#define LINEAR(seg, off) ((uint32_t)(seg) * 16 + (uint32_t)(off))
#define RES16(r) (*(volatile uint16_t *)(uintptr_t)LINEAR(V86_SEG, RES + (r)))

/* ---- the INT 0x31 handler (ring 0) ---- */
static volatile uint32_t h31_count, h31_cs, h31_eflags, h31_eip, h31_fcs, h31_ss, h31_esp;
static volatile uint32_t h31_es, h31_ds, h31_fs, h31_gs, h31_zero_segs, h31_frame_top;
static volatile uint32_t h31_code_cs;

static int int31_handler(struct frame *f)
{
    uint32_t cs;
    __asm__ volatile("xorl %0, %0; movw %%cs, %w0" : "=r"(cs));
    h31_count++;
    h31_code_cs = cs;
    h31_eflags = f->eflags;
    h31_eip = f->eip;
    h31_fcs = sel(f->cs);
    h31_ss = sel(f->ss);
    h31_esp = f->esp;
    h31_es = sel(f->v86_es);
    h31_ds = sel(f->v86_ds);
    h31_fs = sel(f->v86_fs);
    h31_gs = sel(f->v86_gs);
    /* The stub saved DS, ES, FS, GS as they were at handler entry: all null. */
    h31_zero_segs = sel(f->ds) | sel(f->es) | sel(f->fs) | sel(f->gs);
    h31_frame_top = last_exc.frame_top;
    f->eax = (f->eax & 0xFFFF0000) | 0x8888;
    return 1;
}

/* INT 0x32: drop IOPL to 0 in the frame, so the V86 code continues with IOPL 0. */
static int int32_handler(struct frame *f)
{
    f->eflags &= ~(uint32_t)EFL_IOPL_MASK;
    return 1;
}

/* ---- the monitor: #GP from V86 mode ---- */
struct trap { uint32_t opcode, eip, err, vm; };
static struct trap traps[16];
static unsigned ntraps;

static int monitor(struct frame *f)
{
    if (!(f->eflags & EFL_VM) || ntraps == 16)
        return 0;
    uint8_t op = *(volatile uint8_t *)(uintptr_t)LINEAR(sel(f->cs), f->eip & 0xFFFF);
    traps[ntraps++] = (struct trap){ op, f->eip, f->err, 1 };
    if (op == 0xF4)     /* HLT: the end */
        return 0;
    f->eip += (op == 0xCD) ? 2 : 1;     /* INT n is 2 bytes; CLI PUSHF POPF IN-DX 1 */
    return 1;
}

static void check_trap(unsigned i, const char *name, uint8_t op, const char *at, uint32_t err)
{
    check(i < ntraps && traps[i].opcode == op && traps[i].eip == OFF(at) && traps[i].err == err,
          name);
}

static int memcmp_v86(void)
{
    const volatile char *d = (const volatile char *)LINEAR(V86_ES, 0x10);
    return d[0] == 'V' && d[1] == '8' && d[2] == '6' && d[3] == '!';
}

static void by_iret(void)
{
    memcpy((void *)LINEAR(V86_SEG, 0), v86_blob, (size_t)(v86_blob_end - v86_blob));
    RES16(R_SUM_HI) = 0x5A5A;
    idt_set_dpl(0x31, 3);
    idt_set_dpl(0x32, 3);
    set_handler(0x31, int31_handler);
    set_handler(0x32, int32_handler);
    set_handler(VEC_GP, monitor);
    runtime_tss.iomap[0x3FD / 8] &= (uint8_t)~(1u << (0x3FD % 8));    /* allow 0x3FD */

    struct iret_frame fr = { .eip = 0, .cs = V86_SEG,
                             .eflags = EFL_FIXED | EFL_VM | EFL_IOPL(3),
                             .esp = V86_SP, .ss = V86_SEG, .es = V86_ES, .ds = V86_SEG,
                             .fs = V86_FS, .gs = V86_GS };
    exc_reset();
    int r = run_iret(&fr);

    runtime_tss.iomap[0x3FD / 8] |= (uint8_t)(1u << (0x3FD % 8));
    set_handler(VEC_GP, 0);
    set_handler(0x31, 0);
    set_handler(0x32, 0);
    idt_restore(0x31);
    idt_restore(0x32);

    check_eq("IRET with VM=1: V86 code ran until HLT trapped (#GP)", r, VEC_GP);
    check(RES16(R_CS) == V86_SEG && RES16(R_SS) == V86_SEG && RES16(R_SP) == V86_SP,
          "IRET to V86: CS, SS and SP from the frame");
    check(RES16(R_DS) == V86_SEG && RES16(R_ES) == V86_ES && RES16(R_FS) == V86_FS
          && RES16(R_GS) == V86_GS, "IRET to V86: DS, ES, FS, GS popped from the frame");
    check_eq("V86: 16-bit arithmetic", RES16(R_SUM), 0x5555);
    check_eq("V86: ES:0 is linear ES*16", *(volatile uint16_t *)LINEAR(V86_ES, 0), 0xBEEF);
    check(memcmp_v86(), "V86: REP MOVSB from DS:SI to ES:DI");
    check_eq("V86: [BX+SI] addressing", RES16(R_BXSI), 0x5A5A);

    check_eq("V86 INT 0x31 (DPL 3 gate, IOPL 3): ring-0 handler ran once", h31_count, 1);
    check_eq("V86 INT: handler runs in ring-0 code", h31_code_cs, SEL_KCODE);
    check(h31_eflags & EFL_VM, "V86 INT: saved EFLAGS has VM set");
    check(h31_fcs == V86_SEG && h31_eip == OFF(v86_after_int31),
          "V86 INT: saved CS:EIP is the instruction after INT");
    check(h31_ss == V86_SEG && h31_esp == V86_SP, "V86 INT: saved SS:ESP are the V86 stack");
    check(h31_es == V86_ES && h31_ds == V86_SEG && h31_fs == V86_FS && h31_gs == V86_GS,
          "V86 INT: ES, DS, FS, GS pushed");
    check_eq("V86 INT: DS, ES, FS, GS are null in the handler", h31_zero_segs, 0);
    check_eq("V86 INT: the frame is on the TSS ESP0 stack", h31_frame_top,
             runtime_tss.tss.esp0);
    check_eq("IRET back to V86: AX as the handler set it", RES16(R_AX_AFTER), 0x8888);
    check_eq("V86, IOPL 3: CLI and PUSHF run; PUSHF shows IOPL 3", RES16(R_FLAGS) & 0x3000,
             0x3000);

    check_trap(0, "V86, IOPL 3: IN from a port the I/O bitmap denies gives #GP(0)", 0xEC,
               v86_in_denied, 0);
    check_trap(1, "V86, IOPL 3: INT 0x33 through a DPL 0 gate gives #GP(0x33*8+2)", 0xCD,
               v86_int33, 0x33 * 8 + 2);
    check_trap(2, "V86, IOPL 0: CLI gives #GP(0)", 0xFA, v86_cli, 0);
    check_trap(3, "V86, IOPL 0: PUSHF gives #GP(0)", 0x9C, v86_pushf, 0);
    check_trap(4, "V86, IOPL 0: POPF gives #GP(0)", 0x9D, v86_popf, 0);
    check_trap(5, "V86, IOPL 0: INT n gives #GP(0)", 0xCD, v86_int31_trap, 0);
    check_eq("V86, IOPL 0: IN from a port the bitmap allows runs", RES16(R_IN_OK), 1);
    check_trap(6, "V86: HLT gives #GP(0)", 0xF4, v86_hlt, 0);
    check_eq("V86: no other traps", ntraps, 7);
}

/* ---- entry by a task switch ---- */
static struct tss tss_v;
static uint8_t stack_v0[2048];
static volatile uint32_t h34_eflags, h34_cs, h34_eip, h34_ax, h34_ds, h34_tr, h34_frame_top;

/* INT 0x34 from the V86 task: record, then switch back to the main task (the V86 task is
   never resumed). */
static int int34_handler(struct frame *f)
{
    h34_eflags = f->eflags;
    h34_cs = sel(f->cs);
    h34_eip = f->eip;
    h34_ax = f->eax & 0xFFFF;
    h34_ds = sel(f->v86_ds);
    h34_tr = read_tr();
    h34_frame_top = last_exc.frame_top;
    /* POPF first: see SYNC_FLAGS in ../tasks/snippets.S (a QEMU lazy-flags problem). */
    __asm__ volatile("pushfl; popfl; ljmp %0, $0" : : "i"(SEL_TSS) : "memory");
    return 0;   /* not reached */
}

static void by_task_switch(void)
{
    memset(&tss_v, 0, sizeof tss_v);
    tss_v.eip = OFF(v86_task_entry);
    tss_v.eflags = EFL_FIXED | EFL_VM | EFL_IOPL(3);
    tss_v.esp = V86_SP;
    tss_v.cs = tss_v.ss = tss_v.ds = tss_v.es = tss_v.fs = tss_v.gs = V86_SEG;
    tss_v.ss0 = SEL_KDATA;
    tss_v.esp0 = (uint32_t)stack_v0 + sizeof stack_v0;
    tss_v.cr3 = read_cr3();
    tss_v.iomap_base = sizeof(struct tss);
    gdt_set_tss(G_TSS_V, &tss_v, sizeof(struct tss) - 1, 0);
    idt_set_dpl(0x34, 3);
    set_handler(0x34, int34_handler);

    struct __attribute__((packed)) { uint32_t offset; uint16_t selector; } target
        = { 0, SEL(G_TSS_V, 0) };
    __asm__ volatile("pushfl; popfl; ljmp *%0" : : "m"(target)
                     : "eax", "ecx", "edx", "memory", "cc");

    set_handler(0x34, 0);
    idt_restore(0x34);
    __asm__ volatile("clts");
    check_eq("task switch to a TSS with VM: back in the main task", read_tr(), SEL_TSS);
    check_eq("V86 task: INT from it ran on the new task's ring-0 stack", h34_tr,
             SEL(G_TSS_V, 0));
    check(h34_eflags & EFL_VM, "V86 task: the code ran in V86 mode (VM in the frame)");
    check(h34_cs == V86_SEG && h34_eip == OFF(v86_task_int) && h34_ds == V86_SEG,
          "V86 task: CS:EIP and DS are real-mode values from the TSS");
    check_eq("V86 task: AX set by the V86 code", h34_ax, 0x4444);
    check_eq("V86 task: the frame is on the V86 task's ESP0 stack", h34_frame_top,
             tss_v.esp0);
}

void test_main(void)
{
    by_iret();
    by_task_switch();
}
