/*
 * kmess.c -- kernel messages to the console (ABI section "Kernel messages to the console";
 * minix3-facts-2.md section 4.5). The kernel keeps the text of SYSCTL DIAG (each line
 * prefixed "label: ") and its own messages; SIGKMESS tells tty there is some, and a
 * SYS_GETINFO GET_KMESSAGES fetch drains it. tty fetches once at start-up too: that makes it
 * the console process (until then, and while tty is dead, the kernel prints the text itself).
 *
 * Fetched text waits here until the console line's output queue takes it, ahead of user
 * writes that arrive later (dev_output_room drains it first), so the console shows the
 * text in the order it was produced. Its newlines always become "\r\n".
 */
#include <stdio.h>
#include <string.h>
#include <minix/syslib.h>
#include "tty.h"

#define KBUF_SIZE (2 * KMESS_BUF_SIZE)

static unsigned char kbuf[KBUF_SIZE];
static size_t kcount;
static unsigned long klost;         /* bytes that did not fit here, not yet reported */
static kmessages km;

static void append(const void *text, size_t n)
{
    size_t room = KBUF_SIZE - kcount;

    if (n > room) {
        klost += n - room;
        n = room;
    }
    memcpy(kbuf + kcount, text, n);
    kcount += n;
}

size_t kmess_pending(void)
{
    return kcount;
}

void kmess_drain(void)
{
    struct tty *tp = &lines[CONSOLE_LINE];
    size_t took;

    if (klost > 0 && KBUF_SIZE - kcount >= 64) {
        char note[64];
        int n = snprintf(note, sizeof note, "tty: %lu bytes of console text were lost\n", klost);
        klost = 0;
        append(note, (size_t)n);
    }
    if (kcount == 0)
        return;
    took = ld_write(&tp->ld, kbuf, kcount, LD_W_CRLF);
    memmove(kbuf, kbuf + took, kcount - took);
    kcount -= took;
    uart_start_output(tp);
}

void kmess_fetch(void)
{
    static int complained;
    int r = sys_getinfo(GET_KMESSAGES, &km, sizeof km);

    if (r != OK) {
        if (!complained)
            printf("cannot fetch the kernel's console text: %d\n", r);
        complained = 1;
        return;
    }
    if (km.km_lost > 0)
        klost += (unsigned long)km.km_lost;
    if (km.km_size > 0)
        append(km.km_buf, km.km_size <= KMESS_BUF_SIZE ? (size_t)km.km_size : KMESS_BUF_SIZE);
    kmess_drain();
}
