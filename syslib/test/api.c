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
#include <minix/chardriver.h>
#include <minix/ipc.h>
#include <minix/safecopies.h>
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

/* The kernel calls for servers and drivers (privileges, copies, processes, signals, string
   and vector port I/O). */
static void kernel_calls_2(uint32_t v)
{
    priv_spec spec;
    priv_range range = { 0x3F8, 0x3FF };
    proc_info info;
    vscp_vec vec[1];
    pv_pair pairs[2] = { { 0x3F8, 0 }, { 0x3F9, 0 } };
    sigmsg smsg;
    sigcontext ctx;
    char buf[32];
    int child = NONE, ep = NONE;
    uint32_t set = 0;

    memset(&spec, 0, sizeof spec);
    memset(&smsg, 0, sizeof smsg);
    memset(&ctx, 0, sizeof ctx);
    memset(vec, 0, sizeof vec);
    sys_privctl(SELF, SYS_PRIV_SET_SYS, &spec);
    sys_privctl(SELF, SYS_PRIV_ADD_IO, &range);
    sys_privquery_mem(SELF, 0xA0000, 0x20000);
    sys_getproc(0, &info);
    { priv_spec ps; sys_getpriv(SELF, &ps); }
    sys_setgrant(NULL, 0);
    sys_safecopyfrom(SYSTEM, 0, 0, buf, sizeof buf);
    sys_safecopyto(SYSTEM, 0, 4, buf, sizeof buf);
    sys_vsafecopy(vec, 1);
    sys_vircopy(SELF, (uint32_t)buf, SYSTEM, 0x1000, sizeof buf);
    sys_physcopy(NONE, 0xB8000, SELF, (uint32_t)buf, sizeof buf);
    sys_fork(SELF, -1, PFF_VMINHIBIT, &child);
    sys_exec(child, USER_STACK_TOP, "child", 0x08048000);
    sys_runctl(child, RC_STOP, RC_DELAY);
    sys_runctl(child, RC_RESUME, 0);
    sys_update(child, SELF);
    sys_clear(child);
    sys_statectl(SYS_STATE_CLEAR_IPC_REFS);
    sys_vmctl(SELF, VMCTL_CLEAR_PAGEFAULT, 0);
    sys_schedctl(SCHEDCTL_FLAG_KERNEL, SELF, 7, 200);
    sys_schedule(SELF, 7, 200);
    sys_kill(SELF, SIGTERM);
    sys_getksig(&ep, &set);
    sys_endksig(ep);
    sys_sigsend(ep, &smsg);
    sys_sigreturn(ep, &ctx);
    sys_sdevio(DIO_INPUT | DIO_BYTE, 0x1F0, buf, sizeof buf);
    sys_safe_sdevio(DIO_OUTPUT | DIO_WORD, 0x1F0, SYSTEM, 0, 0, 8);
    sys_vdevio(DIO_INPUT | DIO_BYTE, pairs, 2);
    printf("%d %d %u %u %s %u\n", child, ep, set, pairs[0].value, info.name, v);
}

/* The grant table (<minix/safecopies.h>). */
static void grants(void)
{
    static char data[64];
    cp_grant_id_t direct, indirect, magic;

    direct = cpf_grant_direct(ANY, data, sizeof data, CPF_READ | CPF_WRITE);
    indirect = cpf_grant_indirect(SYSTEM, SELF, direct);
    magic = cpf_grant_magic(SYSTEM, SELF, data, sizeof data, CPF_READ);
    printf("%d %d %d %d\n", direct, indirect, magic, cpf_count());
    cpf_revoke(magic);
    cpf_revoke(indirect);
    cpf_revoke(direct);
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
    asynsend(SYSTEM, &m);
    {
        chardriver_req r;

        memset(&r, 0, sizeof r);
        chardriver_reply(&r, OK);
        chardriver_revive(&r, OK);
        printf("%d %d\n", chardriver_is_open(0), sef_init_type());
        if (r.minor == 12345)
            chardriver_task(NULL);
    }
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
    kernel_calls_2(v);
    grants();
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
