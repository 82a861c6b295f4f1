/*
 * minix/syslib.h -- kernel calls, and panic().
 *
 * A kernel call is one trap (int KERNEL_CALL_VECTOR) with EAX = the address of a message
 * whose m_type is the call number (SYS_*); the kernel writes the result (OK or a negative
 * error) back into m_type and any output into the message's other fields. Each sys_*
 * wrapper below zeroes a message, fills the fields its call consumes (listed with each
 * prototype; layouts per shared/reference/minix3-facts.md section 5), traps through
 * _kernel_call() and returns the call's result. Every pointer for an output may be NULL
 * when the caller does not want that value. The wrappers live in lib/sys/sys_<call>.c, one
 * file per kernel call, paired with the kernel's handler for that call.
 */
#ifndef _MINIX_SYSLIB_H
#define _MINIX_SYSLIB_H

#include <stddef.h>
#include <stdint.h>
#include <minix/abi.h>

/* Sets m->m_type = call, traps, and returns m->m_type (the kernel's result). */
int _kernel_call(int call, message *m);

/* SYS_SYSCTL, SYSCTL_CODE_DIAG: m1_i1 code, m1_p1 text, m1_i2 length.
   The kernel prints the text on the console, prefixed with the caller's label. The text is
   passed as it is, newline included; stdout flushes it one line at a time, but a chunk may
   also be part of a line (full buffer, fflush). Text longer than DIAG_MAX_LENGTH is sent in
   several calls of at most DIAG_MAX_LENGTH bytes. Returns OK or the first error. */
int sys_diag(const char *text, size_t len);

/* SYS_ABORT: m1_i1 how (RBT_*), m1_i2 status (the machine's exit status for RBT_HALT and
   RBT_PANIC). Returns only if the kernel refuses. */
int sys_abort(int how, int status);

/* SYS_EXIT: no fields. A system process ends itself. Returns only if the kernel refuses. */
int sys_exit(void);

/* SYS_IRQCTL: m5_s1 request (IRQ_*), m5_s2 irq, m5_i1 policy, m5_l3 hook id.
   The generic form of the four below; *hook_id is read, and written back from the reply's
   m5_l3 for IRQ_SETPOLICY only. */
int sys_irqctl(int request, int irq, int policy, int *hook_id);
/* IRQ_SETPOLICY: on input *hook_id is the bit (0..31) the caller wants set in the m2_l1 of
   its HARDWARE notification when irq fires; on success *hook_id is replaced by the reply's
   m5_l3, the kernel's id for the hook, which the three calls below take. policy: 0 or
   IRQ_REENABLE. */
int sys_irqsetpolicy(int irq, int policy, int *hook_id);
int sys_irqrmpolicy(int *hook_id);     /* IRQ_RMPOLICY, m5_l3 = *hook_id */
int sys_irqenable(int *hook_id);       /* IRQ_ENABLE,   m5_l3 = *hook_id */
int sys_irqdisable(int *hook_id);      /* IRQ_DISABLE,  m5_l3 = *hook_id */

/* SYS_DEVIO: m2_i3 DIO_INPUT or DIO_OUTPUT | DIO_BYTE, DIO_WORD or DIO_LONG, m2_l1 port,
   m2_l2 value. Input: the value comes back in the reply's m2_l2; the wrapper masks it to
   the access width (byte 0xFF, word 0xFFFF). Output: the value is masked the same way. */
int sys_inb(int port, uint32_t *value);
int sys_inw(int port, uint32_t *value);
int sys_inl(int port, uint32_t *value);
int sys_outb(int port, uint32_t value);
int sys_outw(int port, uint32_t value);
int sys_outl(int port, uint32_t value);

/* SYS_SETALARM: m2_l1 ticks, m2_i2 absolute (non-zero: ticks is an uptime to wake at; zero:
   a delay from now). 0 ticks cancels. Expiry is a notification from CLOCK. */
int sys_setalarm(uint32_t ticks, int absolute);

/* SYS_TIMES: m4_l1 endpoint (SELF allowed). Reply: m4_l1 user ticks, m4_l2 system ticks,
   m4_l5 uptime in ticks. */
int sys_times(int ep, uint32_t *user, uint32_t *sys, uint32_t *uptime);

/* SYS_GETINFO: m7_i3 request (GET_*), m7_p1 buffer, m7_i1 its length in bytes. The kernel
   copies the requested data into the buffer. */
int sys_getinfo(int request, void *buf, size_t len);

/* SYS_GETINFO, GET_WHOAMI, no buffer (m7_p1 NULL, m7_i1 0). Reply: m3_i1 the caller's own
   endpoint, m3_ca1 its name (label), NUL-terminated, m3_i2 its privilege flags. The name is
   copied into name[len] and always NUL-terminated when len > 0 (truncated if needed). */
int sys_whoami(int *ep, char *name, size_t len, int *privflags);

/* SYS_GETINFO, GET_HZ, no buffer (m7_p1 NULL, m7_i1 0). Reply: the clock frequency in
   m7_i1. Returns it (> 0), or a negative error; EGENERIC if the kernel answers OK but
   leaves m7_i1 at 0 or below. */
int sys_hz(void);

/* SYS_GETINFO, GET_PROC: m7_i4 slot (-NR_TASKS .. NR_PROCS - 1), m7_p1 info, m7_i1
   sizeof(proc_info). The kernel fills *info with the slot's endpoint, state (PROC_*),
   priority, privilege id and name. */
int sys_getproc(int slot, proc_info *info);

/* SYS_GETINFO, GET_PRIV (ours): m7_i4 the endpoint (SELF allowed), m7_p1/m7_i1 a priv_spec
   buffer. The process's privilege in the form PRIVCTL SET_SYS takes, IPC targets by their
   current endpoints (E2BIG beyond PRIV_MAX_IPC_TO). */
int sys_getpriv(int ep, priv_spec *out);

/* --- privileges ---------------------------------------------------------------------- */

/* SYS_PRIVCTL: m2_i1 ep (SELF allowed), m2_i2 request (SYS_PRIV_*), m2_p1 arg (for
   SET_SYS and UPDATE_SYS a priv_spec, for ADD_IO and ADD_MEM a priv_range, for ADD_IRQ an
   int; NULL where the request takes none). */
int sys_privctl(int ep, int request, void *arg);

/* SYS_PRIVCTL, SYS_PRIV_QUERY_MEM: m2_i1 ep, m2_l1 base, m2_l2 size. OK if ep may use the
   physical range [base, base + size). */
int sys_privquery_mem(int ep, uint32_t base, uint32_t size);

/* --- grants and copies ----------------------------------------------------------------- */

/* SYS_SETGRANT: m2_p1 table, m2_i2 entries. Registers the caller's grant table (an array of
   36-byte entries in its own memory, see <minix/safecopies.h>, which manages it). */
int sys_setgrant(void *table, int entries);

/* SYS_SAFECOPYFROM: m2_i1 granter, m2_i2 VIR_ADDR (the caller's own segment), m2_i3 grant,
   m2_l1 offset, m2_p1 addr, m2_l2 bytes. Copies bytes from granter's grant, at offset into
   it, to addr. */
int sys_safecopyfrom(int granter, int grant, uint32_t offset, void *addr, size_t bytes);

/* SYS_SAFECOPYTO: the same fields; copies bytes from addr into granter's grant at offset. */
int sys_safecopyto(int granter, int grant, uint32_t offset, const void *addr, size_t bytes);

/* SYS_VSAFECOPY: m2_p1 vec, m2_l2 count (at most VSCP_MAX). Each element is one safecopy:
   src and dst endpoints, one of them SELF (the other is the granter), grant, offset into
   the grant, addr in the caller's memory, bytes. */
int sys_vsafecopy(vscp_vec *vec, int count);

/* SYS_VIRCOPY: m5_s1 VIR_ADDR, m5_i1 src_ep, m5_l1 src_addr, m5_s2 VIR_ADDR, m5_i2 dst_ep,
   m5_l2 dst_addr, m5_l3 bytes. A trusted copy between two processes' virtual memory. */
int sys_vircopy(int src_ep, uint32_t src_addr, int dst_ep, uint32_t dst_addr, size_t bytes);

/* SYS_PHYSCOPY: the fields of SYS_VIRCOPY, but a side whose endpoint is NONE has segment
   PHYS_SEG: its address is physical. */
int sys_physcopy(int src_ep, uint32_t src, int dst_ep, uint32_t dst, size_t bytes);

/* --- processes ------------------------------------------------------------------------- */

/* SYS_FORK: m1_i1 parent, m1_i2 child_slot (-1: any free slot), m1_i3 flags (PFF_*).
   On OK, *child_ep = the reply's m1_i1, the child's endpoint. */
int sys_fork(int parent, int child_slot, int flags, int *child_ep);

/* SYS_EXEC: m1_i1 ep, m1_p1 sp, m1_p2 name, m1_p3 pc. */
int sys_exec(int ep, uint32_t sp, const char *name, uint32_t pc);

/* SYS_CLEAR: m1_i1 ep. Frees the slot of a process that has exited. */
int sys_clear(int ep);

/* SYS_UPDATE: m1_i1 src, m1_i2 dst. Swaps two system processes' slots. */
int sys_update(int src, int dst);

/* SYS_RUNCTL: m1_i1 ep, m1_i2 action (RC_STOP or RC_RESUME), m1_i3 flags (RC_DELAY). */
int sys_runctl(int ep, int action, int flags);

/* SYS_STATECTL: m2_i2 request (SYS_STATE_*). */
int sys_statectl(int request);

/* SYS_VMCTL: m1_i1 ep, m1_i2 request (VMCTL_*), m1_i3 value. */
int sys_vmctl(int ep, int request, uint32_t value);

/* SYS_SCHEDCTL: m9_l1 flags (SCHEDCTL_FLAG_KERNEL: the kernel schedules ep), m9_l2 ep,
   m9_l3 quantum, m9_s4 priority. */
int sys_schedctl(int flags, int ep, int priority, int quantum);

/* SYS_SCHEDULE: m9_l1 ep, m9_l2 quantum (ms), m9_s1 priority. */
int sys_schedule(int ep, int priority, int quantum);

/* --- signals --------------------------------------------------------------------------- */

/* SYS_KILL: m2_i1 ep, m2_i2 sig. Raises sig on ep through its signal manager. */
int sys_kill(int ep, int sig);

/* SYS_GETKSIG: no input. On OK, *ep = the reply's m2_i1, a managed process with pending
   kernel signals (NONE when there is none), and *sigset = m2_l1, its set (bit n = signal
   n). */
int sys_getksig(int *ep, uint32_t *sigset);

/* SYS_ENDKSIG: m2_i1 ep. The manager is done with ep's signals. */
int sys_endksig(int ep);

/* SYS_SIGSEND: m2_i1 ep, m2_p1 msg. Pushes a signal frame described by *msg on ep's stack. */
int sys_sigsend(int ep, sigmsg *msg);

/* SYS_SIGRETURN: m2_i1 ep, m2_p1 ctx. Restores ep's registers from *ctx. */
int sys_sigreturn(int ep, sigcontext *ctx);

/* --- port I/O to memory ---------------------------------------------------------------- */

/* SYS_SDEVIO: m2_i3 kind (DIO_INPUT or DIO_OUTPUT | DIO_BYTE, DIO_WORD or DIO_LONG),
   m2_l1 port, m2_p1 addr, m2_l2 count. String I/O between a port and the caller's memory. */
int sys_sdevio(int kind, int port, void *addr, int count);

/* SYS_SDEVIO on a grant: m2_i3 kind | DIO_SAFE, m2_l1 port, m2_p1 grant (as a pointer-sized
   value), m2_i2 granter, m2_i1 offset into the grant, m2_l2 count. */
int sys_safe_sdevio(int kind, int port, int granter, int grant, uint32_t offset, int count);

/* SYS_VDEVIO: m2_i3 kind, m2_p1 pairs, m2_l2 count (at most VDEVIO_MAX). For input the
   kernel writes each port's value into its pair. */
int sys_vdevio(int kind, pv_pair *pairs, int count);

/* Flushes stdout, prints "panic: <formatted text>" through sys_diag (one line: a newline is
   added unless the text ends with one; at most 255 bytes), then calls sys_exit(). If that
   returns, spins forever. A panic inside a panic goes straight to sys_exit(). */
_Noreturn void panic(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

/* asynsend (lib/sys/asynsend.c): sends *m to dst through SENDA (AMF_NOREPLY) and returns at
   once; messages to one destination keep their order. OK, ENOSPC (table full) or SENDA's error. */
int asynsend(int dst, const message *m);

#endif /* _MINIX_SYSLIB_H */
