/*
 * paging -- two-level paging: enabling CR0.PG on an identity map, translation through a
 * non-identity mapping, accessed and dirty bits, #PF error codes and CR2 for not-present
 * and protection faults from ring 0 and ring 3 (including user/supervisor and read/write
 * combined over both levels), CR0.WP, INVLPG, the TLB flush on a CR3 load, restarting an
 * instruction after the handler mapped the page, 4 MiB pages (CR4.PSE), and a #PF whose
 * delivery fails giving #DF.
 *
 * Not checked: that a stale TLB entry IS used after a PTE change without INVLPG -- the
 * manual allows either, so only the "after the flush, the new entry is used" side is.
 */
#include "runtime.h"

const char test_name[] = "paging";

#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_U   0x004
#define PTE_A   0x020
#define PTE_D   0x040
#define PDE_PS  0x080

#define PF_P    1       /* error code: protection violation (else not present) */
#define PF_W    2       /* write */
#define PF_U    4       /* CPL 3 */

typedef uint32_t pte_t;
#define PAGE_ALIGNED __attribute__((aligned(4096)))

static pte_t pd[1024] PAGE_ALIGNED;
static pte_t pt_low[1024] PAGE_ALIGNED;     /* 0 - 4 MiB, identity, user read/write */
static pte_t pt_test[1024] PAGE_ALIGNED;    /* VBASE - VBASE + 4 MiB */
static pte_t pt_both[1024] PAGE_ALIGNED;    /* shared by two PDEs with different rights */
static uint32_t frame_a[1024] PAGE_ALIGNED, frame_b[1024] PAGE_ALIGNED;
static uint32_t frame_c[1024] PAGE_ALIGNED, frame_d[1024] PAGE_ALIGNED;
static uint32_t frame_e[1024] PAGE_ALIGNED;

/* The test area: one page table's worth, at 1 GiB. */
#define VBASE       0x40000000u
#define PDI(va)     ((va) >> 22)
#define PTI(va)     (((va) >> 12) & 0x3FF)
#define VA_MAP      (VBASE + 0x0000)    /* -> frame_a, supervisor r/w */
#define VA_SUP      (VBASE + 0x1000)    /* -> frame_b, supervisor r/w */
#define VA_NP       (VBASE + 0x2000)    /* not present */
#define VA_RO       (VBASE + 0x3000)    /* -> frame_c, supervisor read-only */
#define VA_URO      (VBASE + 0x4000)    /* -> frame_c, user read-only */
#define VA_SWAP     (VBASE + 0x5000)    /* -> frame_a or frame_b (TLB tests) */
#define VA_DEMAND   (VBASE + 0x6000)    /* not present until the #PF handler maps it */
#define VA_AD       (VBASE + 0x7000)    /* -> frame_d, A and D clear; first access a read */
#define VA_AD2      (VBASE + 0x8000)    /* -> frame_e, A and D clear; first access a write */
#define VA_USER     (VBASE + 0x9000)    /* -> frame_a, user r/w */
/* Two page directory entries naming pt_both, whose entries are user read/write: */
#define VA_PDE_SUP  0x40400000u         /* PDE supervisor */
#define VA_PDE_RO   0x40800000u         /* PDE read-only */
#define VA_PDE_NP   0x40C00000u         /* PDE not present */
/* A 4 MiB page (CR4.PSE) mapping physical 0 - 4 MiB again. */
#define VA_BIG      0x80000000u

#define PTR(va) ((volatile uint32_t *)(uintptr_t)(va))

/* snippets.S */
void u_read(void), u_write(void);
extern char u_read_insn[], u_write_insn[];
extern volatile uint32_t u_addr;

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static volatile uint32_t k_addr;
static void k_read(void) { (void)*PTR(k_addr); }
static void k_write(void) { *PTR(k_addr) = 0x12345678; }

static int kernel_access(void (*fn)(void), uint32_t va)
{
    k_addr = va;
    exc_reset();
    return expect_fault(fn);
}

static int user_access(void (*fn)(void), uint32_t va)
{
    struct iret_frame f = { .eip = (uint32_t)fn, .cs = SEL_UCODE, .eflags = EFL_FIXED,
                            .esp = (uint32_t)user_stack + sizeof user_stack, .ss = SEL_UDATA };
    u_addr = va;
    exc_reset();
    return run_iret(&f);
}

static void build_tables(void)
{
    for (uint32_t i = 0; i < 1024; i++)
        pt_low[i] = (i << 12) | PTE_P | PTE_W | PTE_U;
    pt_low[0] = 0;      /* page 0 unmapped: a NULL access faults */
    pd[0] = (uint32_t)pt_low | PTE_P | PTE_W | PTE_U;
    pd[PDI(VBASE)] = (uint32_t)pt_test | PTE_P | PTE_W | PTE_U;
    pt_test[PTI(VA_MAP)] = (uint32_t)frame_a | PTE_P | PTE_W;
    pt_test[PTI(VA_SUP)] = (uint32_t)frame_b | PTE_P | PTE_W;
    pt_test[PTI(VA_RO)] = (uint32_t)frame_c | PTE_P;
    pt_test[PTI(VA_URO)] = (uint32_t)frame_c | PTE_P | PTE_U;
    pt_test[PTI(VA_SWAP)] = (uint32_t)frame_a | PTE_P | PTE_W;
    pt_test[PTI(VA_AD)] = (uint32_t)frame_d | PTE_P | PTE_W;
    pt_test[PTI(VA_AD2)] = (uint32_t)frame_e | PTE_P | PTE_W;
    pt_test[PTI(VA_USER)] = (uint32_t)frame_a | PTE_P | PTE_W | PTE_U;
    for (uint32_t i = 0; i < 1024; i++)
        pt_both[i] = (uint32_t)frame_a | PTE_P | PTE_W | PTE_U;
    pd[PDI(VA_PDE_SUP)] = (uint32_t)pt_both | PTE_P | PTE_W;
    pd[PDI(VA_PDE_RO)] = (uint32_t)pt_both | PTE_P | PTE_U;
    frame_a[0] = 0xAAAA0000;
    frame_b[0] = 0xBBBB0000;
    frame_c[0] = 0xCCCC0000;
    frame_d[0] = 0xDDDD0000;
}

static void enable(void)
{
    write_cr3((uint32_t)pd);
    write_cr0(read_cr0() | CR0_PG);
    check((read_cr0() & (CR0_PG | CR0_PE)) == (CR0_PG | CR0_PE),
          "CR0.PG set: running on the identity map");
    check_eq("CR3 reads back the page directory", read_cr3(), (uint32_t)pd);
}

static void translation(void)
{
    check_eq("read through a non-identity mapping", *PTR(VA_MAP), 0xAAAA0000);
    *PTR(VA_MAP + 4) = 0x5EED;
    check_eq("write through a non-identity mapping lands in the frame", frame_a[1], 0x5EED);

    /* A (accessed) and D (dirty): set by the CPU on the first read and the first write. */
    pd[PDI(VBASE)] &= ~(uint32_t)PTE_A;
    invlpg(PTR(VA_AD));
    (void)*PTR(VA_AD);
    check((pt_test[PTI(VA_AD)] & (PTE_A | PTE_D)) == PTE_A,
          "read sets the PTE accessed bit, not the dirty bit");
    check(pd[PDI(VBASE)] & PTE_A, "read sets the PDE accessed bit");
    *PTR(VA_AD) = 1;
    check((pt_test[PTI(VA_AD)] & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "write sets the PTE dirty bit");
    *PTR(VA_AD2) = 1;
    check((pt_test[PTI(VA_AD2)] & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "first access a write sets accessed and dirty");
}

static void protection(void)
{
    /* User access to a present supervisor page: P | U (| W). */
    check_event("ring 3 write to a supervisor page: #PF error code 7",
                user_access(u_write, VA_SUP + 8), VEC_PF, PF_P | PF_W | PF_U,
                (uint32_t)u_write_insn);
    check_eq("ring 3 write to a supervisor page: CR2 is the address", last_exc.cr2, VA_SUP + 8);
    check_eq("ring 3 write to a supervisor page: frame not written", frame_b[2], 0);
    check_event("ring 3 read of a supervisor page: #PF error code 5",
                user_access(u_read, VA_SUP + 12), VEC_PF, PF_P | PF_U, (uint32_t)u_read_insn);
    check_eq("ring 3 read of a supervisor page: CR2", last_exc.cr2, VA_SUP + 12);

    /* Not present: error code bit 0 clear; W and U say what was tried. */
    check_event("ring 0 read, not present: #PF error code 0", kernel_access(k_read, VA_NP + 16),
                VEC_PF, 0, EIP_ANY);
    check_eq("ring 0 read, not present: CR2", last_exc.cr2, VA_NP + 16);
    check_event("ring 0 write, not present: #PF error code 2",
                kernel_access(k_write, VA_NP + 20), VEC_PF, PF_W, EIP_ANY);
    check_eq("ring 0 write, not present: CR2", last_exc.cr2, VA_NP + 20);
    check_event("ring 3 read, not present: #PF error code 4", user_access(u_read, VA_NP + 24),
                VEC_PF, PF_U, (uint32_t)u_read_insn);
    check_eq("ring 3 read, not present: CR2", last_exc.cr2, VA_NP + 24);
    check_event("ring 3 write, not present: #PF error code 6", user_access(u_write, VA_NP + 28),
                VEC_PF, PF_U | PF_W, (uint32_t)u_write_insn);
    check_eq("ring 3 write, not present: CR2", last_exc.cr2, VA_NP + 28);
    check_event("ring 0 read, page directory entry not present: #PF error code 0",
                kernel_access(k_read, VA_PDE_NP + 0x1234), VEC_PF, 0, EIP_ANY);
    check_eq("ring 0 read, PDE not present: CR2", last_exc.cr2, VA_PDE_NP + 0x1234);
    check_event("ring 0 read of page 0 (unmapped): #PF error code 0", kernel_access(k_read, 0),
                VEC_PF, 0, EIP_ANY);
    check_eq("ring 0 read of page 0: CR2 is 0", last_exc.cr2, 0);

    /* Ring 3 and read-only pages; rights combine over PDE and PTE (the stricter wins). */
    check_event("ring 3 read of a user read-only page: no fault", user_access(u_read, VA_URO),
                VEC_EXIT, 0, EIP_ANY);
    check_eq("ring 3 read of a user read-only page: the value", last_exc.f.eax, 0xCCCC0000);
    check_event("ring 3 write to a user read-only page: #PF error code 7",
                user_access(u_write, VA_URO + 4), VEC_PF, PF_P | PF_W | PF_U,
                (uint32_t)u_write_insn);
    check_event("ring 3 write to a user read/write page: no fault",
                user_access(u_write, VA_USER + 8), VEC_EXIT, 0, EIP_ANY);
    check_eq("ring 3 write to a user read/write page: the frame has it", frame_a[2],
             0x600DF00D);
    check_event("ring 3 read, PDE supervisor and PTE user: #PF error code 5",
                user_access(u_read, VA_PDE_SUP + 0x2000), VEC_PF, PF_P | PF_U,
                (uint32_t)u_read_insn);
    check_event("ring 3 write, PDE read-only and PTE writable: #PF error code 7",
                user_access(u_write, VA_PDE_RO + 0x3000), VEC_PF, PF_P | PF_W | PF_U,
                (uint32_t)u_write_insn);
    check_eq("ring 3 write, PDE read-only: CR2", last_exc.cr2, VA_PDE_RO + 0x3000);
    check_event("ring 3 read, PDE read-only and PTE writable: no fault",
                user_access(u_read, VA_PDE_RO + 0x3000), VEC_EXIT, 0, EIP_ANY);

    /* CR0.WP: ring 0 may write a read-only page only while WP is clear. */
    write_cr0(read_cr0() & ~CR0_WP);
    invlpg(PTR(VA_RO));
    check_event("ring 0 write to a read-only page with CR0.WP=0: no fault",
                kernel_access(k_write, VA_RO + 4), NO_EVENT, 0, 0);
    check_eq("ring 0 write with CR0.WP=0: the frame has it", frame_c[1], 0x12345678);
    write_cr0(read_cr0() | CR0_WP);
    invlpg(PTR(VA_RO));
    check_event("ring 0 write to a read-only page with CR0.WP=1: #PF error code 3",
                kernel_access(k_write, VA_RO + 8), VEC_PF, PF_P | PF_W, EIP_ANY);
    check_eq("ring 0 write with CR0.WP=1: CR2", last_exc.cr2, VA_RO + 8);
    check_eq("ring 0 write with CR0.WP=1: frame not written", frame_c[2], 0);
    write_cr0(read_cr0() & ~CR0_WP);

    /* An instruction fetch from a not-present page: EIP and CR2 are the target. */
    exc_reset();
    int r = expect_fault((void (*)(void))(uintptr_t)(VA_NP + 0x100));
    check_event("ring 0 fetch from a not-present page: #PF error code 0, EIP = target", r,
                VEC_PF, 0, VA_NP + 0x100);
    check_eq("ring 0 fetch from a not-present page: CR2", last_exc.cr2, VA_NP + 0x100);
}

static void tlb(void)
{
    frame_a[3] = 0xA3;
    frame_b[3] = 0xB3;
    check_eq("TLB: read through the old mapping", PTR(VA_SWAP)[3], 0xA3);
    pt_test[PTI(VA_SWAP)] = (uint32_t)frame_b | PTE_P | PTE_W;
    invlpg(PTR(VA_SWAP));
    check_eq("INVLPG: the changed PTE is used", PTR(VA_SWAP)[3], 0xB3);
    pt_test[PTI(VA_SWAP)] = (uint32_t)frame_a | PTE_P | PTE_W;
    write_cr3(read_cr3());
    check_eq("CR3 load flushes the TLB: the changed PTE is used", PTR(VA_SWAP)[3], 0xA3);
    pt_test[PTI(VA_SWAP)] = 0;
    write_cr3(read_cr3());
    check_event("CR3 load after clearing the PTE: #PF not present",
                kernel_access(k_read, VA_SWAP), VEC_PF, 0, EIP_ANY);
}

static int demand_faults;

static int demand_handler(struct frame *f)
{
    if (f->err != 0 || read_cr2() != VA_DEMAND + 8 || ++demand_faults > 1)
        return 0;
    pt_test[PTI(VA_DEMAND)] = (uint32_t)frame_d | PTE_P | PTE_W;
    invlpg(PTR(VA_DEMAND));
    return 1;   /* restart the faulting instruction */
}

static volatile uint32_t demand_value;
static void demand_read(void) { demand_value = PTR(VA_DEMAND)[2]; }

static void restart(void)
{
    frame_d[2] = 0xD2D2;
    set_handler(VEC_PF, demand_handler);
    exc_reset();
    int r = expect_fault(demand_read);
    set_handler(VEC_PF, 0);
    check(r == NO_EVENT && demand_faults == 1,
          "#PF handler maps the page and returns: the instruction is restarted");
    check_eq("restarted read got the new frame's value", demand_value, 0xD2D2);
}

static uint32_t big_marker = 0xB16B16;

static void big_pages(void)
{
    write_cr4(read_cr4() | CR4_PSE);
    pd[PDI(VA_BIG)] = 0x00000000 | PDE_PS | PTE_P | PTE_W;
    write_cr3(read_cr3());
    check_eq("4 MiB page: read through it", *PTR(VA_BIG + (uint32_t)&big_marker), 0xB16B16);
    *PTR(VA_BIG + (uint32_t)&big_marker) = 0xFEED;
    check_eq("4 MiB page: write through it lands in physical memory", big_marker, 0xFEED);
    check((pd[PDI(VA_BIG)] & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "4 MiB page: the PDE gets accessed and dirty bits");
    pd[PDI(VA_BIG) + 1] = 0x00400000 | PDE_PS | PTE_P | PTE_W;
    check_event("4 MiB supervisor page, ring 3 read: #PF error code 5",
                user_access(u_read, VA_BIG + 0x400000 + 0x10), VEC_PF, PF_P | PF_U,
                (uint32_t)u_read_insn);
    check_eq("4 MiB supervisor page, ring 3 read: CR2", last_exc.cr2, VA_BIG + 0x400010);
}

/* #PF is "page fault" class: a contributory exception (here #NP, the #PF gate not being
   present) raised while delivering it gives #DF. */
static void pf_double_fault(void)
{
    idt_set_present(VEC_PF, 0);
    int r = kernel_access(k_read, VA_NP);
    idt_restore(VEC_PF);
    check_event("#PF through a not-present gate gives #DF(0)", r, VEC_DF, 0, EIP_ANY);
}

void test_main(void)
{
    build_tables();
    enable();
    translation();
    protection();
    tlb();
    restart();
    big_pages();
    pf_double_fault();
}
