/*
 * x86.h -- selectors of the test kernels' GDT and i386 architectural constants, for C
 * and for assembly (.S) alike: only #defines here.
 */
#ifndef TESTKERNELS_X86_H
#define TESTKERNELS_X86_H

/* ---- selectors of the runtime's GDT ------------------------------------------------ */

#define SEL_KCODE   0x08        /* index 1: ring-0 code, base 0, 4 GiB, 32-bit */
#define SEL_KDATA   0x10        /* index 2: ring-0 data, base 0, 4 GiB */
#define SEL_UCODE   0x1B        /* index 3: ring-3 code (DPL 3), with RPL 3 */
#define SEL_UDATA   0x23        /* index 4: ring-3 data (DPL 3), with RPL 3 */
#define SEL_TSS     0x28        /* index 5: the runtime's 32-bit TSS (busy after LTR) */
#define GDT_FIRST_FREE  6       /* indexes 6 .. GDT_ENTRIES-1 are the tests' to use */
#define GDT_ENTRIES     32
#define SEL(index, rpl) (((index) << 3) | (rpl))

/* Descriptor access bytes (P, DPL, S, type) and flag nibbles (G, D/B). */
#define ACC_P           0x80
#define ACC_DPL(n)      ((n) << 5)
#define ACC_S           0x10    /* code or data (not a system descriptor) */
#define ACC_CODE_XR     (ACC_S | 0x0A)   /* code, execute/read */
#define ACC_CODE_CONF   (ACC_S | 0x0E)   /* code, conforming, execute/read */
#define ACC_DATA_RW     (ACC_S | 0x02)   /* data, read/write */
#define ACC_DATA_RO     (ACC_S | 0x00)   /* data, read-only */
#define ACC_DATA_RW_DOWN (ACC_S | 0x06)  /* data, read/write, expand-down */
#define SYS_TSS32_AVAIL 0x09
#define SYS_TSS32_BUSY  0x0B
#define SYS_CALLGATE32  0x0C
#define SYS_TASKGATE    0x05
#define SYS_INTGATE32   0x0E
#define SYS_TRAPGATE32  0x0F
#define FLG_G           0x8     /* limit in 4 KiB units */
#define FLG_DB          0x4     /* 32-bit segment */

/* ---- EFLAGS, CR0, CR4 bits -------------------------------------------------------- */

#define EFL_CF      0x00000001
#define EFL_FIXED   0x00000002     /* bit 1 always reads 1 */
#define EFL_ZF      0x00000040
#define EFL_TF      0x00000100
#define EFL_IF      0x00000200
#define EFL_DF      0x00000400
#define EFL_OF      0x00000800
#define EFL_IOPL(n) ((n) << 12)
#define EFL_IOPL_MASK 0x00003000
#define EFL_NT      0x00004000
#define EFL_RF      0x00010000
#define EFL_VM      0x00020000

#define CR0_PE  0x00000001
#define CR0_TS  0x00000008
#define CR0_WP  0x00010000
#define CR0_PG  0x80000000
#define CR4_PSE 0x00000010

/* ---- exception vectors ------------------------------------------------------------- */

#define VEC_DE 0    /* divide error */
#define VEC_DB 1    /* debug */
#define VEC_BP 3    /* breakpoint (INT3) */
#define VEC_OF 4    /* overflow (INTO) */
#define VEC_BR 5    /* BOUND range exceeded */
#define VEC_UD 6    /* invalid opcode */
#define VEC_NM 7    /* device not available */
#define VEC_DF 8    /* double fault */
#define VEC_TS 10   /* invalid TSS */
#define VEC_NP 11   /* segment not present */
#define VEC_SS 12   /* stack fault */
#define VEC_GP 13   /* general protection */
#define VEC_PF 14   /* page fault */
/* INT 0x30 is the way back from ring 3 or V86 mode: its gate has DPL 3 and the runtime
   treats it like any other event that ends an excursion (see run_iret). */
#define VEC_EXIT 0x30

#endif
