/*
 * vm_test.c -- host test of the VM server: every VM source but main.c, built natively against
 * a fake 16 MiB RAM (the window) and stub kernel calls that play the kernel's part.
 *
 * The machine: frames below 1 MiB are the kernel's, the boot loader's frames for two boot
 * processes (PM at 0 and init at 11; VM at 8 is skipped as VM's own) sit at 1 MiB, the boot
 * archive holding a real guest ELF at 2 MiB, and [3 MiB, 16 MiB) is free in two ranges.
 * Checked: start-up (free count, claimed frames, regions, heap start), demand zero, stack growth
 * and its limit, SIGSEGV cases, fork (COW sharing both ways, refcounts, copies on either side,
 * writes private), exec (validation before anything changes, segments, relocated frame, the
 * old space freed), exit, 50 fork+exec+exit rounds leaving the free count exactly as it was,
 * brk limits, mmap/munmap with a split, kernel memory requests, forged faults, fork and exec
 * when memory runs out, VM_INFO, RS update, the ELF checks one by one, the frame checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minix/syslib.h>
#include <minix/ipc.h>
#include "vm.h"
#include "elf.h"
#include "phys.h"

#define RAM_BYTES (16u << 20)
#define LOADER_BASE (1u << 20)
#define BOOTFS_BASE (2u << 20)
#define INIT_EP INIT_PROC_NR
#define TEXT 0x08048000u

uint8_t *vm_host_ram;
static int failures, checks;

#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)

/* --- the kernel's side ------------------------------------------------------------------ */

static boot_info test_bi;
static uint32_t space_of[NR_PROCS];      /* SETADDRSPACE per slot */
static int flushes, clears, inhibit_clears, kills, last_kill_ep, last_kill_sig;
static int memreq_replies, last_memreq_requestor, last_memreq_result;
static int next_generation = 1, fork_calls, vircopies, updates;
static message last_sent;
static int last_sent_to;
static struct { int target, requestor, write; uint32_t addr, len; } memq[4];
static int memq_n;

int sys_getinfo(int request, void *buf, size_t len)
{
    if (request != GET_BOOTINFO || len != sizeof test_bi) return EINVAL;
    memcpy(buf, &test_bi, len);
    return OK;
}

int sys_vmctl(int ep, int request, uint32_t value)
{
    int slot = ep % ENDPOINT_GENERATION_SIZE;
    switch (request) {
    case VMCTL_SETADDRSPACE: space_of[slot] = value; return OK;
    case VMCTL_FLUSHTLB: flushes++; return OK;
    case VMCTL_CLEAR_PAGEFAULT: clears++; return OK;
    case VMCTL_VMINHIBIT_CLEAR: inhibit_clears++; return OK;
    case VMCTL_ENABLE_PAGING: return OK;
    case VMCTL_MEMREQ_REPLY: memreq_replies++; last_memreq_requestor = ep;
        last_memreq_result = (int) value; return OK;
    default: return EINVAL;
    }
}

int _kernel_call(int call, message *m)
{
    if (call != SYS_VMCTL || m->m1_i2 != VMCTL_MEMREQ_GET) return EINVAL;
    if (memq_n == 0) return ESRCH;
    memq_n--;
    m->m1_i1 = memq[memq_n].target;
    m->m1_i2 = memq[memq_n].requestor;
    m->m1_i3 = memq[memq_n].write;
    m->m1_p1 = memq[memq_n].addr;
    m->m1_p2 = memq[memq_n].len;
    return OK;
}

static int fork_result = OK;
int sys_fork(int parent, int slot, int flags, int *child)
{
    (void) parent;
    fork_calls++;
    if (fork_result != OK) return fork_result;
    if (flags != PFF_VMINHIBIT) return EINVAL;
    *child = next_generation++ * ENDPOINT_GENERATION_SIZE + (slot >= 0 ? slot : 20);
    return OK;
}

int sys_kill(int ep, int sig) { kills++; last_kill_ep = ep; last_kill_sig = sig; return OK; }
int sys_vircopy(int s, uint32_t sa, int d, uint32_t da, size_t n)
{ (void) s; (void) sa; (void) d; (void) da; (void) n; vircopies++; return OK; }
int sys_update(int a, int b) { (void) a; (void) b; updates++; return OK; }
int ipc_sendnb(int dst, message *m) { last_sent_to = dst; last_sent = *m; return OK; }

/* --- the boot loader's side ---------------------------------------------------------------- */

static uint32_t loader_next = LOADER_BASE;

static uint32_t loader_frame(void)
{
    uint32_t f = loader_next;
    loader_next += PAGE_SIZE;
    memset(phys_ptr(f), 0, PAGE_SIZE);
    return f;
}

static void loader_map(uint32_t pd, uint32_t va, int writable, uint8_t fill)
{
    uint32_t *dir = phys_ptr(pd);
    if (!(dir[va >> 22] & PG_P)) dir[va >> 22] = loader_frame() | 7;
    uint32_t f = loader_frame();
    memset(phys_ptr(f), fill, PAGE_SIZE);
    ((uint32_t *) phys_ptr(dir[va >> 22] & PG_FRAME))[(va >> 12) & 1023] = f | 5 | (writable ? 2 : 0);
}

/* A boot process: 2 text pages, 2 data pages, a 64 KiB stack; 8 pages + dir + 2 tables... */
static uint32_t boot_process(uint8_t fill)
{
    uint32_t pd = loader_frame();
    loader_map(pd, TEXT, 0, fill);
    loader_map(pd, TEXT + 0x1000, 0, fill);
    loader_map(pd, TEXT + 0x2000, 1, fill);
    loader_map(pd, TEXT + 0x3000, 1, fill);
    for (uint32_t a = USER_STACK_TOP - USER_STACK_SIZE; a < (uint32_t) USER_STACK_TOP; a += PAGE_SIZE)
        loader_map(pd, a, 1, 0);
    return pd;
}

/* --- a user process's accesses, faulting as the CPU would ---------------------------------- */

static uint8_t *access_page(int ep, uint32_t va, int write)
{
    struct vmproc *p = vmproc_by_ep(ep);
    if (p == NULL) return NULL;
    for (int tries = 0; tries < 2; tries++) {
        uint32_t pte = pt_get(p->pd, va);
        if ((pte & PG_P) && (!write || (pte & PG_W)))
            return (uint8_t *) phys_ptr(pte & PG_FRAME) + (va & PG_MASK);
        message m;
        memset(&m, 0, sizeof m);
        m.m_source = ep;
        m.m_type = VM_PAGEFAULT;
        m.m1_i1 = (int32_t) va;
        m.m1_i2 = 4 | (write ? 2 : 0) | ((pte & PG_P) ? 1 : 0);
        int k = kills;
        do_pagefault(&m, IPC_FLG_MSG_FROM_KERNEL | SENDREC);
        if (kills != k) return NULL;
    }
    return NULL;
}

static int uwrite(int ep, uint32_t va, uint8_t v)
{
    uint8_t *b = access_page(ep, va, 1);
    if (b == NULL) return 0;
    *b = v;
    return 1;
}

static int uread(int ep, uint32_t va, uint8_t *v)
{
    uint8_t *b = access_page(ep, va, 0);
    if (b == NULL) return 0;
    *v = *b;
    return 1;
}

static int uwrite_buf(int ep, uint32_t va, const void *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (!uwrite(ep, va + i, ((const uint8_t *) buf)[i])) return 0;
    return 1;
}

static uint32_t uread32(int ep, uint32_t va)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) {
        uint8_t b = 0;
        uread(ep, va + (uint32_t) i, &b);
        v = v << 8 | b;
    }
    return v;
}

static uint32_t frame_at(int ep, uint32_t va)
{
    return pt_get(vmproc_by_ep(ep)->pd, va) & PG_FRAME;
}

static message request(int from, int type)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m_source = from;
    m.m_type = type;
    return m;
}

static int do_fork_of(int parent, int *child)
{
    message m = request(PM_PROC_NR, VM_FORK);
    m.m1_i1 = parent;
    m.m1_i2 = -1;
    int r = do_fork(&m);
    *child = m.m1_i3;
    return r;
}

static int exit_of(int ep)
{
    message m = request(PM_PROC_NR, VM_EXIT);
    m.m1_i1 = ep;
    return do_exit(&m);
}

/* --- the program the tests exec ------------------------------------------------------------ */

static uint8_t *elf_file;
static uint32_t elf_size, elf_entry;

static void load_elf(void)
{
    FILE *f = fopen(TEST_ELF, "rb");
    if (f == NULL) { printf("FAIL cannot open %s\n", TEST_ELF); exit(1); }
    elf_file = malloc(1 << 20);
    elf_size = (uint32_t) fread(elf_file, 1, 1 << 20, f);
    fclose(f);
    memcpy(phys_ptr(BOOTFS_BASE), elf_file, elf_size);
    memcpy(&elf_entry, elf_file + 24, 4);
}

/* argc 2: "prog" "arg1", envp "HOME=/" */
static uint32_t make_frame(uint8_t *f)
{
    const char *s[] = {"prog", "arg1", "HOME=/"};
    uint32_t w[6] = {2, 0, 0, 0, 0, 0};
    uint32_t at = sizeof w;
    memset(f, 0, 64);
    for (int i = 0; i < 3; i++) {
        w[i < 2 ? 1 + i : 4] = at;
        strcpy((char *) f + at, s[i]);
        at += (uint32_t) strlen(s[i]) + 1;
    }
    memcpy(f, w, sizeof w);
    return at;
}

static int exec_of(int ep, uint32_t elf_pa, uint32_t len, uint32_t *sp, uint32_t *entry)
{
    uint8_t frame[64];
    uint32_t flen = make_frame(frame);
    uint32_t at = USER_STACK_TOP - 0x3000;
    if (!uwrite_buf(ep, at, frame, flen)) return -9999;
    message m = request(PM_PROC_NR, VM_EXEC_NEWMEM);
    m.m1_i1 = ep;
    m.m1_p1 = elf_pa;
    m.m1_i2 = (int32_t) len;
    m.m1_p2 = at;
    m.m1_i3 = (int32_t) flen;
    int r = do_exec_newmem(&m);
    *sp = m.m1_p1;
    *entry = m.m1_p2;
    return r;
}

/* --- tests ------------------------------------------------------------------------------------ */

static void test_boot(void)
{
    uint32_t pm_pd = boot_process(0x11), vm_pd = boot_process(0x88), init_pd = boot_process(0x22);
    test_bi.ram_bytes = RAM_BYTES;
    test_bi.nr_free = 2;
    test_bi.free[0] = 3u << 20; test_bi.free[1] = 7u << 20;
    test_bi.free[2] = 10u << 20; test_bi.free[3] = 6u << 20;
    test_bi.bootfs_base = BOOTFS_BASE; test_bi.bootfs_size = elf_size;
    test_bi.nr_procs = 3;
    test_bi.proc_ep[0] = PM_PROC_NR; test_bi.proc_pd[0] = pm_pd;
    test_bi.proc_ep[1] = VM_PROC_NR; test_bi.proc_pd[1] = vm_pd;
    test_bi.proc_ep[2] = INIT_EP; test_bi.proc_pd[2] = init_pd;

    CHECK(vm_boot_init(VM_PROC_NR) == OK);
    /* 13 MiB free minus the frame table (4096 frames x 2 bytes = 2 frames) */
    CHECK(frames_free() == (13u << 20) / PAGE_SIZE - 2);
    /* each boot process: dir + 2 tables + 4 + 16 pages = 23 claimed frames; VM's not */
    CHECK(frames_total() == frames_free() + 2 * 23);
    CHECK(vmproc_count() == 2);
    CHECK(vmproc_by_ep(VM_PROC_NR) == NULL);
    struct vmproc *init = vmproc_by_ep(INIT_EP);
    CHECK(init != NULL && init->pd == init_pd);
    CHECK(init->heap_start == TEXT + 0x4000 && init->brk == TEXT + 0x4000);
    CHECK(init->nr_regions == 4);    /* text, data, heap, stack */
    struct region *r = region_find(init, TEXT);
    CHECK(r != NULL && r->kind == RK_IMAGE && r->flags == RF_READ && r->end == TEXT + 0x2000);
    r = region_find(init, TEXT + 0x2000);
    CHECK(r != NULL && r->flags == (RF_READ | RF_WRITE) && r->end == TEXT + 0x4000);
    CHECK(frame_refs(init_pd) == 1 && frame_refs(frame_at(INIT_EP, TEXT)) == 1);
}

static void test_faults(void)
{
    uint32_t free0 = frames_free();
    uint8_t v;
    /* data is writable in place, text is not */
    CHECK(uwrite(INIT_EP, TEXT + 0x2000, 5));
    int k = kills;
    CHECK(!uwrite(INIT_EP, TEXT, 5) && kills == k + 1 && last_kill_sig == SIGSEGV && last_kill_ep == INIT_EP);
    /* nothing mapped there: no region */
    CHECK(!uread(INIT_EP, 0x100, &v));
    CHECK(!uread(INIT_EP, TEXT + 0x4000, &v));          /* past the (empty) heap */
    /* stack growth down to the limit, not one page beyond */
    int c = clears;
    CHECK(uwrite(INIT_EP, STACK_AREA_BASE, 1) && clears == c + 1);
    CHECK(uread(INIT_EP, USER_STACK_TOP - USER_STACK_SIZE - 1, &v) && v == 0);
    CHECK(!uwrite(INIT_EP, STACK_AREA_BASE - 1, 1));
    CHECK(frames_free() == free0 - 2);                   /* 2 stack pages (tables exist) */
    CHECK(vm_counters.zero_fills >= 2);
}

static void test_brk(void)
{
    struct vmproc *init = vmproc_by_ep(INIT_EP);
    uint32_t base = init->heap_start, free0 = frames_free();
    message m = request(PM_PROC_NR, VM_BRK);
    m.m1_i1 = INIT_EP; m.m1_p1 = base + 0x2800;
    CHECK(do_brk(&m) == OK && m.m1_p1 == base + 0x2800);
    CHECK(frames_free() == free0);                       /* demand zero: nothing taken yet */
    CHECK(uwrite(INIT_EP, base + 0x2FFF, 7));            /* within the rounded-up page */
    CHECK(!uwrite(INIT_EP, base + 0x3000, 7));
    CHECK(frames_free() == free0 - 1);
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = base + USER_HEAP_LIMIT + 1;
    CHECK(do_brk(&m) == ENOMEM);
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = base - 1;
    CHECK(do_brk(&m) == EINVAL);        /* boot process: its image ends at heap_start */
    m = request(INIT_EP, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = base;
    CHECK(do_brk(&m) == EPERM);
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = 0;
    CHECK(do_brk(&m) == OK && m.m1_p1 == base + 0x2800);
    /* more than the free frames could back */
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = base + (frames_free() + 4) * PAGE_SIZE;
    CHECK(do_brk(&m) == ENOMEM);
    /* shrink frees */
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = INIT_EP; m.m1_p1 = base;
    CHECK(do_brk(&m) == OK && frames_free() == free0);
}

static void test_fork_cow(void)
{
    uint32_t free0 = frames_free();
    int child;
    uint32_t data = TEXT + 0x2000;
    CHECK(uwrite(INIT_EP, data, 0xAA));
    uint32_t shared = frame_at(INIT_EP, data);
    int fc = fork_calls, ic = inhibit_clears;
    CHECK(do_fork_of(INIT_EP, &child) == OK);
    CHECK(fork_calls == fc + 1 && inhibit_clears == ic + 1);
    struct vmproc *c = vmproc_by_ep(child);
    CHECK(c != NULL && space_of[child % ENDPOINT_GENERATION_SIZE] == c->pd);
    /* child: dir + 2 tables (text/data and stack) */
    CHECK(frames_free() == free0 - 3);
    CHECK(frame_at(child, data) == shared && frame_refs(shared) == 2);
    CHECK(!(pt_get(vmproc_by_ep(INIT_EP)->pd, data) & PG_W) && !(pt_get(c->pd, data) & PG_W));
    CHECK(frames_shared() > 0);
    /* the child writes: it gets a copy holding the parent's bytes */
    uint8_t v = 0;
    uint32_t cow0 = vm_counters.cow_copies;
    CHECK(uwrite(child, data + 1, 0xCC));
    CHECK(vm_counters.cow_copies == cow0 + 1 && frame_at(child, data) != shared);
    CHECK(uread(child, data, &v) && v == 0xAA);
    CHECK(frame_refs(shared) == 1);
    /* the parent writes: the frame is its alone now, made writable without a copy */
    CHECK(uwrite(INIT_EP, data, 0xBB) && frame_at(INIT_EP, data) == shared && vm_counters.cow_copies == cow0 + 1);
    CHECK(uread(child, data, &v) && v == 0xAA);
    CHECK(uread(INIT_EP, data + 1, &v) && v == 0x22);
    /* the stack: the parent writes first, the child keeps the original */
    uint32_t st = USER_STACK_TOP - 4;
    CHECK(uwrite(INIT_EP, st, 1) && uwrite(child, st, 2));
    CHECK(uread(INIT_EP, st, &v) && v == 1 && uread(child, st, &v) && v == 2);
    /* text stays shared and read-only */
    CHECK(frame_at(child, TEXT) == frame_at(INIT_EP, TEXT) && frame_refs(frame_at(INIT_EP, TEXT)) == 2);
    CHECK(exit_of(child) == OK && vmproc_by_ep(child) == NULL);
    CHECK(frames_free() == free0);
    CHECK(exit_of(child) == EINVAL);
}

static void test_exec(void)
{
    int child;
    uint32_t free0 = frames_free(), sp, entry;
    CHECK(do_fork_of(INIT_EP, &child) == OK);
    struct vmproc *c = vmproc_by_ep(child);
    uint32_t old_pd = c->pd, free1 = frames_free();

    /* a bad program changes nothing */
    memcpy(phys_ptr(BOOTFS_BASE + (4u << 12) * 0 + 0x80000), elf_file, elf_size);
    ((uint8_t *) phys_ptr(BOOTFS_BASE + 0x80000))[18] = 62;   /* EM_X86_64 */
    CHECK(exec_of(child, BOOTFS_BASE + 0x80000, elf_size, &sp, &entry) == ENOEXEC);
    CHECK(c->pd == old_pd);
    uint32_t free2 = frames_free();                         /* the frame's stack page was COW-copied */
    CHECK(free2 <= free1);
    CHECK(exec_of(child, RAM_BYTES - 16, 64, &sp, &entry) == EINVAL);   /* past RAM */

    CHECK(exec_of(child, BOOTFS_BASE, elf_size, &sp, &entry) == OK);
    CHECK(c->pd != old_pd && space_of[child % ENDPOINT_GENERATION_SIZE] == c->pd);
    CHECK(entry == elf_entry);
    CHECK((sp & 15) == 0 && sp < (uint32_t) USER_STACK_TOP && sp >= (uint32_t) USER_STACK_TOP - 64);
    CHECK(uread32(child, sp) == 2);
    uint32_t a0 = uread32(child, sp + 4), a1 = uread32(child, sp + 8), e0 = uread32(child, sp + 16);
    uint8_t ch;
    CHECK(uread32(child, sp + 12) == 0 && uread32(child, sp + 20) == 0);
    CHECK(uread(child, a0, &ch) && ch == 'p' && uread(child, a1 + 3, &ch) && ch == '1');
    CHECK(uread(child, e0, &ch) && ch == 'H');
    /* the first segment holds the file's first bytes (headers, then code) */
    CHECK(uread(child, TEXT + 1, &ch) && ch == 'E');
    CHECK(!uwrite(child, TEXT, 0));
    /* heap, stack and an absent old address */
    struct vmproc *cp = vmproc_by_ep(child);
    CHECK(cp->brk == cp->image_end && cp->heap_start == page_up(cp->image_end) && (cp->heap_start & PG_MASK) == 0);
    CHECK(uwrite(child, USER_STACK_TOP - 0x20000, 1));
    /* the break grows from the program's end and goes back to it (growtest's sbrk(-n)) */
    uint32_t before = frames_free();
    message m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = child; m.m1_p1 = cp->image_end + 0x3000;
    CHECK(do_brk(&m) == OK && uwrite(child, cp->image_end + 0x2FFF, 1));
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = child; m.m1_p1 = cp->image_end;
    CHECK(do_brk(&m) == OK && m.m1_p1 == cp->image_end && frames_free() == before);
    m = request(PM_PROC_NR, VM_BRK); m.m1_i1 = child; m.m1_p1 = cp->image_end - 1;
    CHECK(do_brk(&m) == EINVAL);
    CHECK(exit_of(child) == OK);
    CHECK(frames_free() == free0);
}

static void test_rounds(void)
{
    uint32_t free0 = frames_free(), sp, entry;
    int ok = 1;
    for (int i = 0; i < 50; i++) {
        int child;
        if (do_fork_of(INIT_EP, &child) != OK) { ok = 0; break; }
        uwrite(INIT_EP, TEXT + 0x2000 + (uint32_t) i, (uint8_t) i);   /* parent breaks sharing */
        if (exec_of(child, BOOTFS_BASE, elf_size, &sp, &entry) != OK) { ok = 0; break; }
        message m = request(PM_PROC_NR, VM_BRK);
        m.m1_i1 = child; m.m1_p1 = vmproc_by_ep(child)->heap_start + 0x5000;
        if (do_brk(&m) != OK || !uwrite(child, (uint32_t) m.m1_p1 - 1, 1)) { ok = 0; break; }
        if (exit_of(child) != OK) { ok = 0; break; }
    }
    CHECK(ok);
    CHECK(frames_free() == free0);
}

static void test_mmap(void)
{
    uint32_t free0 = frames_free();
    message m = request(INIT_EP, VM_MMAP);
    m.m5_l2 = 3 * PAGE_SIZE; m.m5_s1 = PROT_READ | PROT_WRITE; m.m5_s2 = MAP_ANON | MAP_PRIVATE;
    CHECK(do_mmap(&m) == OK);
    uint32_t at = (uint32_t) m.m5_l1;
    struct vmproc *init = vmproc_by_ep(INIT_EP);
    CHECK(at >= heap_limit(init) && at + 3 * PAGE_SIZE <= STACK_AREA_BASE && (at & PG_MASK) == 0);
    for (int i = 0; i < 3; i++) CHECK(uwrite(INIT_EP, at + (uint32_t) i * PAGE_SIZE, 9));
    m = request(INIT_EP, VM_MMAP);
    m.m5_l2 = 100; m.m5_s1 = PROT_READ; m.m5_s2 = MAP_ANON | MAP_PRIVATE;
    CHECK(do_mmap(&m) == OK && (uint32_t) m.m5_l1 >= at + 3 * PAGE_SIZE);
    uint32_t ro = (uint32_t) m.m5_l1;
    uint8_t v;
    CHECK(uread(INIT_EP, ro, &v) && v == 0 && !uwrite(INIT_EP, ro, 1));
    m = request(INIT_EP, VM_MMAP); m.m5_l2 = 4096; m.m5_s2 = MAP_SHARED | MAP_ANON;
    CHECK(do_mmap(&m) == EINVAL);
    m = request(INIT_EP, VM_MMAP); m.m5_l2 = 4096; m.m5_s2 = MAP_PRIVATE;
    CHECK(do_mmap(&m) == EINVAL);
    m = request(INIT_EP, VM_MMAP); m.m5_l2 = 0; m.m5_s2 = MAP_PRIVATE | MAP_ANON;
    CHECK(do_mmap(&m) == EINVAL);
    m = request(INIT_EP, VM_MMAP); m.m5_l1 = at; m.m5_l2 = 4096; m.m5_s2 = MAP_PRIVATE | MAP_ANON | MAP_FIXED;
    CHECK(do_mmap(&m) == ENOMEM);
    /* unmap the middle page: a split, one frame back */
    int nr = init->nr_regions;
    m = request(INIT_EP, VM_MUNMAP); m.m1_p1 = at + PAGE_SIZE; m.m1_i1 = PAGE_SIZE;
    CHECK(do_munmap(&m) == OK && init->nr_regions == nr + 1);
    CHECK(!uread(INIT_EP, at + PAGE_SIZE, &v) && uread(INIT_EP, at + 2 * PAGE_SIZE, &v) && v == 9);
    m = request(INIT_EP, VM_MUNMAP); m.m1_p1 = TEXT; m.m1_i1 = PAGE_SIZE;
    CHECK(do_munmap(&m) == EINVAL);
    m = request(INIT_EP, VM_MUNMAP); m.m1_p1 = at + 1; m.m1_i1 = PAGE_SIZE;
    CHECK(do_munmap(&m) == EINVAL);
    m = request(INIT_EP, VM_MUNMAP); m.m1_p1 = at; m.m1_i1 = 4 * PAGE_SIZE + 1;
    CHECK(do_munmap(&m) == OK && init->nr_regions == nr - 2);
    CHECK(frames_free() == free0 - 1);      /* the mmap area's page table stays until exit */
}

static void test_memreq(void)
{
    int child;
    uint32_t data = TEXT + 0x2000;
    CHECK(do_fork_of(INIT_EP, &child) == OK);
    uint32_t shared = frame_at(INIT_EP, data);
    /* the kernel wants to write a message into the child's COW data page, and into heap */
    memq[0].target = child; memq[0].requestor = PM_PROC_NR; memq[0].write = 1;
    memq[0].addr = data + 0xFF0; memq[0].len = 64;                 /* crosses into the next page */
    memq[1].target = child; memq[1].requestor = PM_PROC_NR; memq[1].write = 1;
    memq[1].addr = 0x100; memq[1].len = 4;                         /* nothing there */
    memq_n = 2;
    int n = memreq_replies;
    memreq_handle();
    CHECK(memreq_replies == n + 2 && last_memreq_result == OK && last_memreq_requestor == PM_PROC_NR);
    CHECK(frame_at(child, data) != shared && (pt_get(vmproc_by_ep(child)->pd, data + 0x1000) & PG_W));
    CHECK(frame_refs(shared) == 1);
    memq[0].addr = 0x100; memq_n = 1;
    memreq_handle();
    CHECK(last_memreq_result == EFAULT);
    CHECK(exit_of(child) == OK);
}

static void test_requests(void)
{
    /* forged fault: refused, nothing done */
    message m = request(INIT_EP, VM_PAGEFAULT);
    m.m1_i1 = 0x100;
    int k = kills;
    do_pagefault(&m, SENDREC);
    CHECK(kills == k && last_sent_to == INIT_EP && last_sent.m_type == EPERM);
    /* fork, exec, exit only from PM */
    m = request(INIT_EP, VM_FORK); m.m1_i1 = INIT_EP;
    CHECK(do_fork(&m) == EPERM);
    m = request(INIT_EP, VM_EXIT); m.m1_i1 = INIT_EP;
    CHECK(do_exit(&m) == EPERM);
    m = request(INIT_EP, VM_EXEC_NEWMEM); m.m1_i1 = INIT_EP;
    CHECK(do_exec_newmem(&m) == EPERM);
    m = request(PM_PROC_NR, VM_FORK); m.m1_i1 = 77; m.m1_i2 = -1;
    CHECK(do_fork(&m) == EINVAL);
    m = request(PM_PROC_NR, VM_EXIT); m.m1_i1 = VM_PROC_NR;
    CHECK(do_exit(&m) == EINVAL);
    /* VM_INFO */
    m = request(INIT_EP, VM_INFO); m.m1_p1 = TEXT + 0x2000; m.m1_i1 = 8;
    CHECK(do_info(&m) == EINVAL);
    int vc = vircopies;
    m = request(INIT_EP, VM_INFO); m.m1_p1 = TEXT + 0x2000; m.m1_i1 = sizeof(vm_stats);
    CHECK(do_info(&m) == OK && vircopies == vc + 1);
    m = request(INIT_EP, VM_INFO); m.m1_p1 = TEXT; m.m1_i1 = sizeof(vm_stats);
    CHECK(do_info(&m) == EFAULT);
    vm_stats s;
    vm_fill_stats(&s);
    CHECK(s.free_pages == frames_free() && s.processes == 2 && s.total_pages == frames_total());
    CHECK(s.largest_free > 0 && s.largest_free <= s.free_pages && s.page_faults > 0);
    /* RS update: only from RS; records swap, endpoints stay */
    m = request(PM_PROC_NR, VM_RS_UPDATE); m.m1_i1 = PM_PROC_NR; m.m1_i2 = 30;
    CHECK(do_rs_update(&m) == EPERM);
    /* Only two processes VM knows at exactly those endpoints are swapped (live update). */
    m = request(RS_PROC_NR, VM_RS_UPDATE); m.m1_i1 = PM_PROC_NR; m.m1_i2 = 30;
    CHECK(do_rs_update(&m) == EINVAL && updates == 0);
    uint32_t pm_pd = vmproc_by_ep(PM_PROC_NR)->pd, init_pd = vmproc_by_ep(INIT_EP)->pd;
    m = request(RS_PROC_NR, VM_RS_UPDATE); m.m1_i1 = PM_PROC_NR; m.m1_i2 = INIT_EP;
    CHECK(do_rs_update(&m) == OK && updates == 1);
    CHECK(vmproc_by_ep(PM_PROC_NR)->pd == init_pd && vmproc_by_ep(INIT_EP)->pd == pm_pd);
    m = request(RS_PROC_NR, VM_RS_UPDATE); m.m1_i1 = PM_PROC_NR; m.m1_i2 = INIT_EP;
    CHECK(do_rs_update(&m) == OK && vmproc_by_ep(PM_PROC_NR)->pd == pm_pd && vmproc_by_ep(INIT_EP)->pd == init_pd);
}

static void test_out_of_memory(void)
{
    uint32_t free0 = frames_free(), sp, entry;
    uint32_t hold[4096];
    uint32_t n = 0;
    while (frames_free() > 2) frame_alloc(&hold[n++]);
    int child, fc = fork_calls;
    CHECK(do_fork_of(INIT_EP, &child) == ENOMEM && fork_calls == fc);   /* kernel never asked */
    /* exec with too little memory: ENOMEM, the caller untouched */
    while (n > 0) frame_unref(hold[--n]);
    CHECK(do_fork_of(INIT_EP, &child) == OK);
    CHECK(uwrite(child, USER_STACK_TOP - 0x3000, 0));   /* the frame's page: copied now */
    uint32_t old = vmproc_by_ep(child)->pd;
    while (frames_free() > 4) frame_alloc(&hold[n++]);
    int r = exec_of(child, BOOTFS_BASE, elf_size, &sp, &entry);
    CHECK(r == ENOMEM && frames_free() == 4);
    CHECK(vmproc_by_ep(child)->pd == old);
    /* a fault with no memory left: SIGSEGV */
    int k = kills;
    uint8_t v;
    while (frames_free() > 0) frame_alloc(&hold[n++]);
    CHECK(!uread(child, USER_STACK_TOP - 0x80000, &v) && kills == k + 1);
    while (n > 0) frame_unref(hold[--n]);
    CHECK(exit_of(child) == OK);
    CHECK(frames_free() == free0);
}

static void test_elf_checks(void)
{
    static uint8_t img[1 << 20];
    struct elf_image e;
    CHECK(elf_parse(elf_file, elf_size, &e) == OK && e.entry == elf_entry && e.nr_segments >= 1);
    CHECK(e.seg[0].vaddr == TEXT && e.seg[0].offset == 0 && !e.seg[0].writable);
    uint32_t phoff;
    memcpy(&phoff, elf_file + 28, 4);
#define MUTATE(off, val, width) do { memcpy(img, elf_file, elf_size); uint32_t v_ = (val); \
        memcpy(img + (off), &v_, (width)); } while (0)
    MUTATE(0, 0x7F454C47, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);     /* magic */
    MUTATE(4, 2, 1); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);              /* ELFCLASS64 */
    MUTATE(5, 2, 1); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);              /* big endian */
    MUTATE(16, 3, 2); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);             /* ET_DYN */
    MUTATE(18, 40, 2); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);            /* EM_ARM */
    MUTATE(28, elf_size - 8, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);  /* phdrs past end */
    MUTATE(28, 0xFFFFFFF0u, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);   /* wraps */
    MUTATE(42, 40, 2); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);            /* phentsize */
    MUTATE(24, 0x100, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);         /* entry outside */
    MUTATE(phoff + 16, 0xFFFFFFFFu, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC); /* filesz > memsz */
    MUTATE(phoff + 4, elf_size, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);     /* bytes past end */
    MUTATE(phoff + 8, STACK_AREA_BASE - 0x100, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC); /* into stack */
    MUTATE(phoff + 8, 0xFFFFF000u, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);  /* wraps */
    MUTATE(phoff + 8, 0, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);            /* page 0 */
    MUTATE(phoff, 3, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);                /* PT_INTERP */
    if (e.nr_segments >= 2) {
        /* the second segment moved onto the first one's last page */
        MUTATE(phoff + 32 + 8, TEXT + 0x10, 4); CHECK(elf_parse(img, elf_size, &e) == ENOEXEC);
    }
    CHECK(elf_parse(elf_file, 40, &e) == ENOEXEC);
    CHECK(elf_parse(elf_file, phoff + 8, &e) == ENOEXEC);
}

static void test_frame_checks(void)
{
    _Alignas(4) uint8_t f[64];
    uint32_t len = make_frame(f);
    CHECK(exec_frame_relocate(f, len, 0x1000) == OK);
    uint32_t a0;
    memcpy(&a0, f + 4, 4);
    CHECK(a0 == 0x1000 + 24);
    len = make_frame(f); f[0] = 3;                 /* argc says 3, argv has 2 */
    CHECK(exec_frame_relocate(f, len, 0) == EINVAL);
    len = make_frame(f); f[4] = 2;                 /* an offset into the lists */
    CHECK(exec_frame_relocate(f, len, 0) == EINVAL);
    len = make_frame(f); f[4] = 200;               /* past the end */
    CHECK(exec_frame_relocate(f, len, 0) == EINVAL);
    len = make_frame(f);
    CHECK(exec_frame_relocate(f, len - 1, 0) == EINVAL);   /* last string not terminated */
    len = make_frame(f);
    CHECK(exec_frame_relocate(f, 16, 0) == EINVAL);        /* lists not ended */
    CHECK(exec_frame_relocate(f, 8, 0) == EINVAL);
}

int main(void)
{
    vm_host_ram = aligned_alloc(PAGE_SIZE, RAM_BYTES);
    memset(vm_host_ram, 0, RAM_BYTES);
    load_elf();
    test_boot();
    test_faults();
    test_brk();
    test_fork_cow();
    test_exec();
    test_rounds();
    test_mmap();
    test_memreq();
    test_requests();
    test_out_of_memory();
    test_elf_checks();
    test_frame_checks();
    printf("vm_test: %d passed, %d failed\n", checks - failures, failures);
    free(vm_host_ram);
    free(elf_file);
    return failures != 0;
}
