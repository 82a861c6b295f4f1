/*
 * kmess -- a stand-in for the tty in the tests of the kernel's console text (KmessagesTest). It
 * runs in the tty's boot slot (label tty, so it carries CONSOLE_PROC) and manages its own
 * signals, so SIGKMESS arrives as a SYSTEM notification here.
 *
 *   1. prints "before" while no process has fetched: the kernel prints it itself;
 *   2. fetches once (it is now the console process) and tells kmother to go on;
 *   3. on each SIGKMESS fetches the text and writes it to COM1 itself, each line prefixed
 *      "[via tty] ", so the test sees which lines went through it;
 *   4. once it has written kmother's line, tells kmother and leaves (sys_exit): from then on
 *      the kernel prints for itself again.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>

#define COM1 0x3F8
#define THR 0
#define LSR 5
#define LSR_THRE 0x20

static kmessages km;

static void put(char c)
{
    uint32_t lsr = 0;

    while (sys_inb(COM1 + LSR, &lsr) == OK && !(lsr & LSR_THRE))
        ;
    sys_outb(COM1 + THR, (uint8_t)c);
}

/* Writes the fetched text, prefixing each line; returns whether kmother's line was in it. */
static int write_text(void)
{
    int at_start = 1, saw_other = 0;

    for (int i = 0; i < km.km_size; i++) {
        if (at_start) {
            for (const char *p = "[via tty] "; *p; p++)
                put(*p);
            if (strncmp(km.km_buf + i, "kmother: ", 9) == 0)
                saw_other = 1;
        }
        put(km.km_buf[i]);
        at_start = km.km_buf[i] == '\n';
    }
    return saw_other;
}

/* kmother's endpoint, found by its name in the kernel's process table. */
static int find_other(void)
{
    proc_info info;

    for (int slot = 0; slot < NR_PROCS; slot++)
        if (sys_getproc(slot, &info) == OK && strcmp(info.name, "kmother") == 0)
            return info.endpoint;
    panic("no kmother");
    return NONE;
}

static int fetch(void)
{
    return sys_getinfo(GET_KMESSAGES, &km, sizeof km);
}

int main(void)
{
    message m;
    int r, other = NONE;

    printf("before\n");
    if ((r = fetch()) != OK)
        panic("first fetch refused: %d", r);
    printf("buffered %d\n", km.km_size);
    other = find_other();
    memset(&m, 0, sizeof m);
    m.m_type = 1;
    ipc_send(other, &m);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK)
            continue;
        if (m.m_type != NOTIFY_MESSAGE || m.m_source != SYSTEM
                || !((uint32_t)m.m2_l1 & (1u << SIGKMESS)))
            continue;
        if ((r = fetch()) != OK)
            panic("fetch refused: %d", r);
        if (write_text()) {
            m.m_type = 2;
            ipc_sendnb(other, &m);
            sys_exit();
        }
    }
}
