/*
 * api.c -- a guest program that calls every public function of syslib.
 *
 * It is linked (and its ELF checked) by `make check` but not run yet: the link proves that
 * each function exists in libsys.a, and compiling the calls checks the prototypes the way
 * callers use them. The 64-bit divisions make gcc emit calls to the libgcc helpers
 * (__udivdi3, __umoddi3, __udivmoddi4, __divdi3, __moddi3, __divmoddi4), which syslib
 * provides; the volatile operands keep gcc from folding them.
 *
 * Run without arguments it would print and compute only; with the argument "traps" it
 * would also make every IPC and kernel call (meant for a kernel that exists).
 */
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile unsigned long long un = 1000000000000ull, ud = 7;
static volatile long long sn = -1000000000000ll, sd = 7;

static void arithmetic(void)
{
    unsigned long long uq = un / ud, ur = un % ud;
    unsigned long long uq2 = un / (ud + 1);
    unsigned long long ur2 = un % (ud + 2);
    long long sq = sn / sd, sr = sn % sd;
    long long sq2 = sn / (sd + 1);
    long long sr2 = sn % (sd + 2);

    printf("%llu %llu %llu %llu %lld %lld %lld %lld\n", uq, ur, uq2, ur2, sq, sr, sq2, sr2);
}

/* The va_list forms. */
static void say(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
static void say(const char *fmt, ...)
{
    char buf[32];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

static void library(int argc)
{
    char buf[64];
    char *end;
    char *p = malloc(16);
    char *q = calloc(4, 8);

    assert(p != NULL && q != NULL);
    p = realloc(p, 32);
    snprintf(buf, sizeof buf, "%s %d %p", "api", argc, (void *)p);
    sprintf(p, "%.20s", buf);
    puts(p);
    putchar('\n');
    printf("%ld %lu %d %d\n", strtol("-42", &end, 0), strtoul("0x2a", &end, 16), atoi("7"),
           abs(INT_MIN + 1));
    say("%s\n", "va_list");
    free(q);
    free(p);
    fflush(NULL);
}

static void kernel_calls(void)
{
    message m;
    asynmsg table[2];
    uint32_t v = 0, user, sys, uptime;
    int hook = 0, ep, flags, status;
    char name[16];
    uint32_t info[4];

    memset(&m, 0, sizeof m);
    memset(table, 0, sizeof table);
    ipc_send(SYSTEM, &m);
    ipc_receive(ANY, &m, &status);
    ipc_sendrec(SYSTEM, &m);
    ipc_notify(SYSTEM);
    ipc_sendnb(SYSTEM, &m);
    ipc_senda(table, 2);
    printf("%d %d %d\n", ipc_status_call(status), ipc_status_from_kernel(status),
           ipc_is_notify(status));

    _kernel_call(SYS_GETINFO, &m);
    sys_diag("api\n", 4);
    sys_irqsetpolicy(4, IRQ_REENABLE, &hook);
    sys_irqenable(&hook);
    sys_irqdisable(&hook);
    sys_irqrmpolicy(&hook);
    sys_irqctl(IRQ_ENABLE, 4, 0, &hook);
    sys_inb(0x3F8, &v);
    sys_inw(0x1F0, &v);
    sys_inl(0xCFC, &v);
    sys_outb(0x3F8, 'a');
    sys_outw(0x1F0, v);
    sys_outl(0xCF8, v);
    sys_setalarm(60, 0);
    sys_times(SELF, &user, &sys, &uptime);
    sys_getinfo(GET_KINFO, info, sizeof info);
    sys_whoami(&ep, name, sizeof name, &flags);
    printf("%d %s %d %d\n", ep, name, flags, sys_hz());
    if (v == 12345)
        abort();
    if (v == 23456)
        panic("v is %u", v);
    if (v == 34567)
        sys_abort(RBT_HALT, 0);
    if (v == 45678)
        sys_exit();
}

int main(int argc, char **argv)
{
    arithmetic();
    library(argc);
    if (argc > 1 && strcmp(argv[1], "traps") == 0)
        kernel_calls();
    _exit(0);
}
