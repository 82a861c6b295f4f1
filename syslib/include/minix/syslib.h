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

/* Flushes stdout, prints "panic: <formatted text>" through sys_diag (one line: a newline is
   added unless the text ends with one; at most 255 bytes), then calls sys_exit(). If that
   returns, spins forever. A panic inside a panic goes straight to sys_exit(). */
_Noreturn void panic(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

#endif /* _MINIX_SYSLIB_H */
