/*
 * ttyprobe -- a development-only system process that drives the tty driver's character-device
 * protocol directly, the way VFS will (drivers/tty/device.c; it may do so only while no VFS
 * runs). It is in no default image: drivers/tty/tty-dev.cfg boots it, and
 * drivers/tty/probe.sh feeds COM1 the keystrokes its input checks expect.
 *
 * Checks: open (controlling tty answer 1, /dev/log for reading EACCES), TCGETS defaults,
 * TCSETS round trip, TIOCGWINSZ, an unknown ioctl (ENOTTY), writes (small; larger than the
 * output queue: SUSPEND then DEV_REVIVE through notify + DEV_STATUS; a request sent by SENDA
 * answered by SENDA), /dev/log write and read, a raw read with VMIN 0 VTIME 1 (times out with
 * 0 bytes), CANCEL of a suspended read (EINTR), and with typed input: a canonical line, erase
 * and kill, ^C (SIGINT reaches this process, the controlling one), ^D (a read of 0), a line
 * longer than the 4096-byte line buffer, a raw read of single bytes. Ends with
 * "ttyprobe: N passed, M failed" and halts the machine with M as its status.
 */
#include <stdio.h>
#include <string.h>
#include <minix/ds.h>
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/sef.h>
#include <minix/syslib.h>

static int passed, failed;
static int tty_ep = TTY_PROC_NR;
static volatile int got_sigint;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    printf("FAIL line %d: %s\n", __LINE__, #cond); } } while (0)
#define CHECK_EQ(a, b) do { int _a = (int)(a), _b = (int)(b); if (_a == _b) passed++; \
    else { failed++; printf("FAIL line %d: %s = %d, expected %d\n", __LINE__, #a, _a, _b); } } while (0)

static void on_signal(int signo)
{
    if (signo == SIGINT)
        got_sigint++;
}

/* One request by SENDREC; returns REP_STATUS (or the IPC error). */
static int request(int type, int minor, int count, int grant, int flags)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i1 = minor;
    m.m2_i2 = sef_self();
    m.m2_i3 = count;
    m.m2_p1 = (void *)(intptr_t)grant;
    m.m2_s1 = flags;
    r = ipc_sendrec(tty_ep, &m);
    if (r != OK)
        return r;
    if (m.m_type != TASK_REPLY) {
        printf("unexpected reply type %d\n", m.m_type);
        return EGENERIC;
    }
    if (m.m2_i1 != sef_self())
        printf("REP_ENDPT %d, expected %d\n", m.m2_i1, sef_self());
    return m.m2_i2;
}

/* Waits for tty's notification, then collects with DEV_STATUS until the revive of grant
   comes; EGENERIC after `ticks` (0: no limit). */
static int wait_revive(int grant, uint32_t ticks)
{
    message m;

    if (ticks > 0)
        sys_setalarm(ticks, 0);
    for (;;) {
        if (sef_receive(ANY, &m) != OK)
            continue;
        if (is_notify(m.m_type) && m.m_source == CLOCK)
            return EGENERIC;
        if (!is_notify(m.m_type) || m.m_source != tty_ep)
            continue;
        for (;;) {
            memset(&m, 0, sizeof m);
            m.m_type = DEV_STATUS;
            if (ipc_sendrec(tty_ep, &m) != OK || m.m_type == DEV_NO_STATUS)
                break;
            if (m.m_type == DEV_REVIVE && m.m2_i3 == grant) {
                if (ticks > 0)
                    sys_setalarm(0, 0);
                return m.m2_i2;
            }
            printf("a revive for another grant: %d\n", m.m2_i3);
        }
    }
}

static int ioctl_tty(int code, void *arg, size_t size, int access)
{
    int g = cpf_grant_direct(tty_ep, arg, size, access);
    int r = request(DEV_IOCTL_S, TTY_MINOR_CONSOLE, code, g, 0);
    if (r == SUSPEND)                   /* TCSETSW, TCSETSF, TCDRAIN: after the output drained */
        r = wait_revive(g, 0);
    cpf_revoke(g);
    return r;
}

static int write_minor(int minor, const char *text, size_t n)
{
    int g = cpf_grant_direct(tty_ep, text, n, CPF_READ);
    int r = request(DEV_WRITE_S, minor, (int)n, g, 0);
    if (r == SUSPEND)
        r = wait_revive(g, 0);
    cpf_revoke(g);
    return r;
}

/* A read of up to n bytes; waits as long as it takes (typed input). */
static int read_console(char *buf, size_t n)
{
    int g = cpf_grant_direct(tty_ep, buf, n, CPF_WRITE);
    int r = request(DEV_READ_S, TTY_MINOR_CONSOLE, (int)n, g, 0);
    if (r == SUSPEND)
        r = wait_revive(g, 0);
    cpf_revoke(g);
    if (r >= 0 && (size_t)r < n)
        buf[r] = '\0';
    return r;
}

static void say(const char *s)
{
    write_minor(TTY_MINOR_CONSOLE, s, strlen(s));
}

static void test_open_and_ioctls(void)
{
    termios t, t2;
    winsize ws;
    int bad = 0;

    CHECK_EQ(request(DEV_OPEN, TTY_MINOR_CONSOLE, R_BIT | W_BIT, GRANT_INVALID, 0), 1);
    CHECK_EQ(request(DEV_OPEN, TTY_MINOR_LOG, R_BIT, GRANT_INVALID, 0), EACCES);
    CHECK_EQ(request(DEV_OPEN, TTY_MINOR_LOG, W_BIT, GRANT_INVALID, 0), OK);
    CHECK_EQ(request(DEV_OPEN, 3, R_BIT, GRANT_INVALID, 0), ENXIO);
    CHECK_EQ(request(DEV_OPEN, TTY_MINOR_SERIAL0 + 1, R_BIT | W_BIT | O_NOCTTY, GRANT_INVALID, 0), OK);

    CHECK_EQ(ioctl_tty(TCGETS, &t, sizeof t, CPF_WRITE), OK);
    CHECK_EQ(t.c_lflag, ISIG | IEXTEN | ICANON | ECHO | ECHOE);
    CHECK_EQ(t.c_oflag, OPOST | ONLCR);
    CHECK_EQ(t.c_iflag & ICRNL, ICRNL);
    CHECK_EQ(t.c_cc[VERASE], 8);
    CHECK_EQ(t.c_cc[VMIN], 1);
    t2 = t;
    t2.c_cc[VKILL] = 0x18;
    t2.c_lflag &= (uint16_t)~ECHOE;
    CHECK_EQ(ioctl_tty(TCSETS, &t2, sizeof t2, CPF_READ), OK);
    memset(&t2, 0, sizeof t2);
    CHECK_EQ(ioctl_tty(TCGETS, &t2, sizeof t2, CPF_WRITE), OK);
    CHECK_EQ(t2.c_cc[VKILL], 0x18);
    CHECK_EQ(t2.c_lflag & ECHOE, 0);
    CHECK_EQ(ioctl_tty(TCSETSW, &t, sizeof t, CPF_READ), OK);    /* back, after a drain */
    CHECK_EQ(ioctl_tty(TCDRAIN, &bad, 0, CPF_READ), OK);
    CHECK_EQ(ioctl_tty(TIOCGWINSZ, &ws, sizeof ws, CPF_WRITE), OK);
    CHECK_EQ(ws.ws_row, 24);
    CHECK_EQ(ws.ws_col, 80);
    CHECK_EQ(ioctl_tty(0x40047499, &bad, sizeof bad, CPF_READ), ENOTTY);
    bad = 7;
    CHECK_EQ(ioctl_tty(TCFLSH, &bad, sizeof bad, CPF_READ), EINVAL);
}

static char big[6000];

static void test_writes(void)
{
    static const char hello[] = "ttyprobe: a write to /dev/console\n";
    static const char logtext[] = "ttyprobe: a write to /dev/log\n";
    char buf[8];
    int g, r;
    message m;
    asynmsg am[1];

    CHECK_EQ(write_minor(TTY_MINOR_CONSOLE, hello, strlen(hello)), (int)strlen(hello));
    CHECK_EQ(write_minor(TTY_MINOR_LOG, logtext, strlen(logtext)), (int)strlen(logtext));
    g = cpf_grant_direct(tty_ep, buf, sizeof buf, CPF_WRITE);
    CHECK_EQ(request(DEV_READ_S, TTY_MINOR_LOG, sizeof buf, g, 0), EACCES);
    cpf_revoke(g);

    /* COM2 (/dev/tty01): a write, then TCDRAIN, which needs COM2's THR-empty interrupt. */
    CHECK_EQ(write_minor(TTY_MINOR_SERIAL0 + 1, logtext, strlen(logtext)), (int)strlen(logtext));
    g = cpf_grant_direct(tty_ep, buf, 0, CPF_READ);
    r = request(DEV_IOCTL_S, TTY_MINOR_SERIAL0 + 1, TCDRAIN, g, 0);
    if (r == SUSPEND)
        r = wait_revive(g, 600);
    CHECK_EQ(r, OK);
    cpf_revoke(g);

    /* Larger than the output queue: suspended, revived when the rest went out. */
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (i % 75 == 74) ? '\n' : (char)('0' + (i / 75) % 10);
    g = cpf_grant_direct(tty_ep, big, sizeof big, CPF_READ);
    r = request(DEV_WRITE_S, TTY_MINOR_CONSOLE, sizeof big, g, 0);
    CHECK_EQ(r, SUSPEND);
    if (r == SUSPEND)
        CHECK_EQ(wait_revive(g, 0), (int)sizeof big);
    cpf_revoke(g);

    /* Sent by SENDA: the answer comes by SENDA too (a message, not a SENDREC reply). The
       output queue is drained first, so the write is answered at once (not SUSPEND). */
    CHECK_EQ(ioctl_tty(TCDRAIN, buf, 0, CPF_READ), OK);
    g = cpf_grant_direct(tty_ep, hello, strlen(hello), CPF_READ);
    memset(am, 0, sizeof am);
    am[0].dst = tty_ep;
    am[0].flags = AMF_VALID | AMF_NOREPLY;
    am[0].msg.m_type = DEV_WRITE_S;
    am[0].msg.m2_i1 = TTY_MINOR_CONSOLE;
    am[0].msg.m2_i2 = sef_self();
    am[0].msg.m2_i3 = (int)strlen(hello);
    am[0].msg.m2_p1 = (void *)(intptr_t)g;
    CHECK_EQ(ipc_senda(am, 1), OK);
    for (;;) {
        if (sef_receive(ANY, &m) != OK || is_notify(m.m_type))
            continue;
        break;
    }
    CHECK_EQ(m.m_source, tty_ep);
    CHECK_EQ(m.m_type, TASK_REPLY);
    CHECK_EQ(m.m2_i2, (int)strlen(hello));
    cpf_revoke(g);
}

static void set_mode(int canonical, int vmin, int vtime)
{
    termios t;
    ioctl_tty(TCGETS, &t, sizeof t, CPF_WRITE);
    if (canonical)
        t.c_lflag |= ICANON | ECHO;
    else
        t.c_lflag &= (uint16_t)~(ICANON | ECHO);
    t.c_cc[VMIN] = (uint8_t)vmin;
    t.c_cc[VTIME] = (uint8_t)vtime;
    ioctl_tty(TCSETS, &t, sizeof t, CPF_READ);
}

static void test_raw_timeout_and_cancel(void)
{
    char buf[16];
    int g, r;
    uint32_t t0, t1;

    set_mode(0, 0, 1);
    g = cpf_grant_direct(tty_ep, buf, sizeof buf, CPF_WRITE);
    sys_times(SELF, NULL, NULL, &t0);
    r = request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof buf, g, 0);
    CHECK_EQ(r, SUSPEND);
    if (r == SUSPEND)
        CHECK_EQ(wait_revive(g, 120), 0);           /* VTIME 1: 0 bytes after 0.1 s */
    sys_times(SELF, NULL, NULL, &t1);
    CHECK(t1 - t0 >= 3 && t1 - t0 < 60);
    cpf_revoke(g);

    set_mode(1, 1, 0);
    g = cpf_grant_direct(tty_ep, buf, sizeof buf, CPF_WRITE);
    r = request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof buf, g, 0);
    CHECK_EQ(r, SUSPEND);
    CHECK_EQ(request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof buf, g, 0), EIO);  /* one reader */
    CHECK_EQ(request(CANCEL, TTY_MINOR_CONSOLE, R_BIT, g, 0), EINTR);
    CHECK_EQ(request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof buf, g, 0x1), EAGAIN); /* non-blocking */
    cpf_revoke(g);
}

static void test_typed_input(void)
{
    static char buf[400];
    int r, i;

    say("ttyprobe: waiting for typed input\n");
    r = read_console(buf, sizeof buf);
    CHECK_EQ(r, 4);
    CHECK(strcmp(buf, "abc\n") == 0);
    r = read_console(buf, sizeof buf);              /* "x<DEL>y^Uz<CR>": erase and kill */
    CHECK_EQ(r, 2);
    CHECK(strcmp(buf, "z\n") == 0);
    r = read_console(buf, sizeof buf);              /* "ab^Hc<CR>" */
    CHECK(strcmp(buf, "ac\n") == 0);

    /* ^C: SIGINT to the controlling process (this one: its open answered 1); the read stays
       suspended, and CANCEL ends it, as VFS does for a signalled process. */
    {
        char b2[16];
        int g = cpf_grant_direct(tty_ep, b2, sizeof b2, CPF_WRITE);
        message m;
        r = request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof b2, g, 0);
        CHECK_EQ(r, SUSPEND);
        say("ttyprobe: now ^C\n");
        for (int waits = 0; !got_sigint && waits < 1000000; waits++) {
            sys_setalarm(6, 0);                     /* SEF runs on_signal inside sef_receive, */
            sef_receive(ANY, &m);                   /* which returns at the next alarm */
        }
        CHECK_EQ(got_sigint, 1);
        CHECK_EQ(request(CANCEL, TTY_MINOR_CONSOLE, R_BIT, g, 0), EINTR);
        cpf_revoke(g);
    }
    say("ttyprobe: now ^D\n");
    r = read_console(buf, sizeof buf);              /* ^D at the line start: end of file */
    CHECK_EQ(r, 0);
    r = read_console(big, sizeof big);              /* 4100 'L' and CR: 4095 kept */
    CHECK_EQ(r, 4096);
    for (i = 0; i < 4095 && big[i] == 'L'; i++)
        ;
    CHECK_EQ(i, 4095);
    CHECK_EQ(big[4095], '\n');

    set_mode(0, 1, 0);                              /* raw: bytes as they come, no ICRNL change */
    say("ttyprobe: raw mode\n");
    r = read_console(buf, sizeof buf);
    CHECK(r >= 1 && buf[0] == 'q');
    set_mode(1, 1, 0);
}

/* RS restarts tty after a SIGKILL: the new instance (new endpoint) answers at once, with its
   termios back at the defaults; the console's controlling process came back from DS. */
static void test_restart(void)
{
    static const char text[] = "ttyprobe: a write after tty's restart\n";
    int old = tty_ep, ep = old;
    termios t;
    message m;

    set_mode(0, 0, 1);                              /* raw: the restart must undo it */
    CHECK_EQ(sys_kill(tty_ep, SIGKILL), OK);
    for (int i = 0; i < 200 && ep == old; i++) {
        sys_setalarm(6, 0);
        while (sef_receive(ANY, &m) != OK || !is_notify(m.m_type) || m.m_source != CLOCK)
            ;
        if (ds_retrieve_label("tty", &ep) != OK)
            ep = old;
    }
    CHECK(ep != old);
    tty_ep = ep;
    memset(&t, 0, sizeof t);
    CHECK_EQ(ioctl_tty(TCGETS, &t, sizeof t, CPF_WRITE), OK);
    CHECK_EQ(t.c_lflag & ICANON, ICANON);
    CHECK_EQ(write_minor(TTY_MINOR_CONSOLE, text, strlen(text)), (int)strlen(text));
    CHECK_EQ(request(DEV_OPEN, TTY_MINOR_CONSOLE, R_BIT | W_BIT, GRANT_INVALID, 0), 1);
}

static int rs_update_tty(void)
{
    static rs_update req;
    message m;
    int r;

    memset(&req, 0, sizeof req);
    strcpy(req.label, "tty");
    req.state = SEF_LU_STATE_WORK_FREE;
    memset(&m, 0, sizeof m);
    m.m_type = RS_UPDATE;
    m.m1_p1 = (void *)&req;
    m.m1_i1 = (int)sizeof req;
    r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}

/* Live update: refused at once (EBUSY) while a read is suspended; done when nothing is, with
   the termios and the controlling process moved to the new version. */
static void test_live_update(void)
{
    static const char text[] = "ttyprobe: a write after tty's live update\n";
    char buf[8];
    termios t;
    int g, r;

    set_mode(1, 1, 0);
    ioctl_tty(TCGETS, &t, sizeof t, CPF_WRITE);
    t.c_cc[VKILL] = 0x18;
    ioctl_tty(TCSETS, &t, sizeof t, CPF_READ);
    g = cpf_grant_direct(tty_ep, buf, sizeof buf, CPF_WRITE);
    r = request(DEV_READ_S, TTY_MINOR_CONSOLE, sizeof buf, g, 0);
    CHECK_EQ(r, SUSPEND);
    CHECK_EQ(rs_update_tty(), EBUSY);
    CHECK_EQ(request(CANCEL, TTY_MINOR_CONSOLE, R_BIT, g, 0), EINTR);
    cpf_revoke(g);
    CHECK_EQ(rs_update_tty(), OK);
    memset(&t, 0, sizeof t);
    CHECK_EQ(ioctl_tty(TCGETS, &t, sizeof t, CPF_WRITE), OK);
    CHECK_EQ(t.c_cc[VKILL], 0x18);                  /* the state moved */
    CHECK_EQ(write_minor(TTY_MINOR_CONSOLE, text, strlen(text)), (int)strlen(text));
}

int main(void)
{
    sef_setcb_signal_handler(on_signal);
    sef_startup();

    test_open_and_ioctls();
    test_writes();
    test_raw_timeout_and_cancel();
    test_typed_input();
    test_restart();
    test_live_update();

    CHECK_EQ(request(DEV_CLOSE, TTY_MINOR_CONSOLE, 0, GRANT_INVALID, 0), OK);
    printf("%d passed, %d failed\n", passed, failed);   /* the kernel adds "ttyprobe: " */
    sys_setalarm(30, 0);                            /* let tty print it before the halt */
    {
        message m;
        while (sef_receive(ANY, &m) != OK || !is_notify(m.m_type) || m.m_source != CLOCK)
            ;
    }
    sys_abort(RBT_HALT, failed);
    return failed;
}
