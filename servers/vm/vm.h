/*
 * vm.h -- the VM server's shared declarations: its picture of every process's memory.
 *
 * VM owns physical memory and every page table after boot (DESIGN.md section 3a). For each
 * process it knows the page directory it built (or took over from the boot loader) and a
 * short list of regions: the address ranges the process may touch and how. A page-table entry
 * says what is mapped now; a region says what may be mapped on demand. That pair is how a
 * fault is judged:
 *   - no region at the address                      -> SIGSEGV
 *   - absent page in a heap, stack or mmap region    -> a fresh zeroed frame (demand zero)
 *   - write to a present read-only page of a writable region -> copy-on-write
 *   - write into a read-only region                  -> SIGSEGV
 * Frames carry reference counts (frames.c): a frame shared after fork has one reference per
 * page-table entry naming it, and returns to the free pool when the last one goes.
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <stdint.h>
#include <stddef.h>
#include <minix/abi.h>

/* i386 page-table entry bits (PDE and PTE alike) and the frame part of an entry. */
#define PG_P 0x1u
#define PG_W 0x2u
#define PG_U 0x4u
#define PG_FRAME 0xFFFFF000u
#define PG_MASK ((uint32_t) PAGE_SIZE - 1)

/* The stack area: the top USER_STACK_LIMIT bytes below USER_STACK_TOP, all of it one region
   that grows on demand. Programs, heap and mmaps live below it. */
#define STACK_AREA_BASE ((uint32_t) USER_STACK_TOP - (uint32_t) USER_STACK_LIMIT)

/* A value for a message's pointer field (void * in the guest, uint32_t in the host test). */
#ifdef VM_HOST_TEST
#define MSG_PTR(v) ((uint32_t) (v))
#else
#define MSG_PTR(v) ((void *) (uintptr_t) (v))
#endif

static inline uint32_t page_down(uint32_t a) { return a & ~PG_MASK; }
/* Rounds up; the caller makes sure a + PAGE_SIZE - 1 does not wrap. */
static inline uint32_t page_up(uint32_t a) { return (a + PG_MASK) & ~PG_MASK; }

/* --- regions (region.c) ------------------------------------------------------------------ */

enum region_kind {
    RK_IMAGE = 1,   /* program text/data: every page present from the start, never demand-zero */
    RK_HEAP,        /* [heap_start, brk rounded up): demand-zero */
    RK_STACK,       /* the whole stack area: demand-zero */
    RK_MMAP         /* an anonymous private mapping: demand-zero */
};
#define RF_READ  0x1
#define RF_WRITE 0x2

struct region {
    uint32_t start, end;   /* page aligned, [start, end) */
    uint8_t kind;
    uint8_t flags;         /* RF_*; no RF_READ = PROT_NONE (every access faults) */
};

#define MAX_REGIONS 24

/* --- processes (vmproc.c) ---------------------------------------------------------------- */

struct vmproc {
    int in_use;
    int ep;                 /* the endpoint this record serves */
    uint32_t pd;            /* physical address of its page directory */
    uint32_t image_end;     /* the end of the program's highest segment (a byte address) */
    uint32_t heap_start;    /* page aligned: the page after the program's highest page */
    uint32_t brk;           /* the current break (a byte address, >= image_end) */
    int nr_regions;
    struct region regions[MAX_REGIONS];
};

struct vmproc *vmproc_by_ep(int ep);     /* the in-use record serving ep, or NULL */
struct vmproc *vmproc_slot(int ep);      /* the record of ep's slot (in use or not), or NULL */
int vmproc_count(void);                  /* records in use */
void vmproc_clear(struct vmproc *p);
uint32_t heap_limit(const struct vmproc *p);   /* the most the break may reach */

/* --- regions (region.c) ------------------------------------------------------------------ */

struct region *region_find(struct vmproc *p, uint32_t va);
struct region *region_of_kind(struct vmproc *p, int kind);
int region_add(struct vmproc *p, uint32_t start, uint32_t end, int kind, int flags);
void region_remove(struct vmproc *p, struct region *r);
int region_overlaps(struct vmproc *p, uint32_t start, uint32_t end);
int region_demand_zero(const struct region *r);

/* --- frames (frames.c) ------------------------------------------------------------------- */

void frames_init(uint16_t *counts, uint32_t nframes);
void frames_add_free(uint32_t base, uint32_t bytes);
void frames_take(uint32_t pa, uint32_t bytes);   /* a free range VM keeps for itself */
void frame_claim(uint32_t pa);           /* one more reference to a boot loader's frame */
int frame_alloc(uint32_t *pa);           /* OK or ENOMEM; count 1, contents undefined */
int frame_alloc_zeroed(uint32_t *pa);
void frame_ref(uint32_t pa);
int frame_unref(uint32_t pa);            /* the count left (0: freed), -1 if not VM's */
uint32_t frame_refs(uint32_t pa);        /* 0 for a free or foreign frame */
int frame_is_ram(uint32_t pa);           /* inside RAM, so the window reaches it */
uint32_t frames_free(void);
uint32_t frames_total(void);
uint32_t frames_shared(void);
uint32_t frames_largest_free(void);

/* --- page tables (pagetable.c) ----------------------------------------------------------- */

int pt_new_directory(uint32_t *pd);
uint32_t pt_get(uint32_t pd, uint32_t va);            /* the PTE, 0 when absent */
uint32_t *pt_entry(uint32_t pd, uint32_t va);         /* pointer into the table, or NULL */
int pt_map(uint32_t pd, uint32_t va, uint32_t frame, int writable);  /* OK or ENOMEM */
void pt_unmap_range(uint32_t pd, uint32_t start, uint32_t end);
void pt_destroy(uint32_t pd);
uint32_t pt_tables_missing(uint32_t pd, uint32_t start, uint32_t end);

/* --- the fault logic shared by page faults and kernel memory requests (fault.c) ------------- */

int vm_fix_page(struct vmproc *p, uint32_t va, int write);    /* OK, EFAULT or ENOMEM */
int vm_fix_range(struct vmproc *p, uint32_t va, uint32_t len, int write);
void do_pagefault(const message *m, int status);

/* --- copies out of a process's memory through its tables (procmem.c) --------------------------- */

int proc_read(struct vmproc *p, uint32_t va, void *buf, uint32_t len);   /* OK or EFAULT */

/* VM_EXEC_NEWMEM's program and frame: m1_p3 = 0/NONE: the ELF at physical m1_p1, the frame in
   target; else both in the memory of process m1_p3 (exec_source.c). */
int exec_source(const message *m, struct vmproc *target, const uint8_t **elf,
                struct vmproc **frame_owner);

/* Checks and relocates an exec frame in place for its final address base (execframe.c). */
int exec_frame_relocate(uint8_t *frame, uint32_t len, uint32_t base);

/* --- requests (one file each) ------------------------------------------------------------ */

int do_fork(message *m);
int do_exit(message *m);
int do_exec_newmem(message *m);
int do_brk(message *m);
int do_mmap(message *m);
int do_munmap(message *m);
int do_info(message *m);
int do_rs_update(message *m);
void memreq_handle(void);                /* the SIGKMEM loop (memreq.c) */
int vm_boot_init(int self_ep);           /* start-up (bootinfo.c) */

/* --- statistics (stats.c) ----------------------------------------------------------------- */

struct vm_counters {
    uint32_t cow_copies, zero_fills, page_faults;
};
extern struct vm_counters vm_counters;
void vm_fill_stats(vm_stats *s);

/* --- kernel calls VM needs beyond syslib's wrappers (kcall.c) ---------------------------- */

/* VMCTL_MEMREQ_GET: OK with the fields filled, or ESRCH when none is pending. */
int vm_memreq_get(int *target, int *requestor, int *write, uint32_t *addr, uint32_t *len);
/* SETADDRSPACE then FLUSHTLB, in one place because every caller needs both. */
int vm_set_space(int ep, uint32_t pd);
void vm_flush(int ep);

extern uint32_t vm_ram_bytes;            /* from GET_BOOTINFO */
extern int vm_self;                      /* VM's own endpoint */

#endif /* VM_VM_H */
