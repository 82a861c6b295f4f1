/*
 * start.c -- starting an instance of a service, its init reply, and removing an instance.
 *
 * A start (facts section 8, "crash recovery", with a new endpoint instead of a slot swap):
 *   1. SRV_FORK: PM has VM clone RS; the child has no privileges, so it cannot run.
 *   2. SRV_EXEC: PM has VM replace the child's memory with the program RS keeps (VM reads it
 *      through RS's page tables), and names the process after the service's label.
 *   3. PRIVCTL SET_SYS with the service's privileges (targets at their current endpoints),
 *      then ALLOW: the child runs, and its SEF waits for RS_INIT.
 *   4. RS_INIT (m7_i2 the init type, m7_i4 the previous instance) by SENDA, so RS never blocks
 *      on an instance that is not receiving yet, or died.
 * The instance's RS_INIT answer (svc_init_reply) ends the start: OK makes it active, removes
 * the crashed instance, publishes label -> endpoint in DS and answers a waiting caller.
 */
#include <string.h>
#include <stdio.h>
#include <minix/syslib.h>
#include "rs.h"

/* The exec frame: argc, argv[] and envp[] as offsets from the frame's start (each list ended
   by 0), then the strings. argv = { label, the boot.cfg args' words } for a boot service (the
   same on every restart), else { label, arg if any }. */
static size_t build_frame(const struct service *sp, uint32_t *frame, size_t cap_words)
{
    static char words_buf[BOOTARGS_LEN];
    const char *argv[1 + MAX_BOOT_ARGS] = { sp->label, sp->arg };
    int argc = sp->arg[0] != '\0' ? 2 : 1;
    if (sp->bootargs[0] != '\0') {
        /* bootcfg.c leaves the words separated by exactly one space */
        strlcpy(words_buf, sp->bootargs, sizeof words_buf);
        argc = 1;
        char *w = words_buf;
        while (w != NULL && *w != '\0' && argc < 1 + MAX_BOOT_ARGS) {
            argv[argc++] = w;
            w = strchr(w, ' ');
            if (w != NULL)
                *w++ = '\0';
        }
        /* As the kernel does at boot, @label stands for that service's endpoint (its
           current one: the boot-time one may be gone). */
        static char numbers[MAX_BOOT_ARGS][12];
        for (int i = 1; i < argc; i++) {
            if (argv[i][0] != '@')
                continue;
            const struct service *target = svc_by_label(argv[i] + 1);
            if (target != NULL && target->endpoint != NONE) {
                snprintf(numbers[i - 1], sizeof numbers[i - 1], "%d", target->endpoint);
                argv[i] = numbers[i - 1];
            }
        }
    }
    size_t words = 1 + (size_t) argc + 1 + 1;
    char *strings = (char *) (frame + words);
    size_t used = words * 4;

    if (used > cap_words * 4)
        return 0;
    frame[0] = (uint32_t) argc;
    for (int i = 0; i < argc; i++) {
        size_t n = strnlen(argv[i], BOOTARGS_LEN - 1) + 1;
        if (used + n > cap_words * 4)
            return 0;
        frame[1 + i] = (uint32_t) used;
        memcpy(strings, argv[i], n - 1);
        strings[n - 1] = '\0';
        strings += n;
        used += n;
    }
    frame[1 + argc] = 0;       /* end of argv */
    frame[2 + argc] = 0;       /* empty envp */
    return (used + 3) & ~(size_t) 3;
}

/* A service started by RS_UP without privileges of its own gets the kernel's defaults for a
   system process (SET_SYS without a description), which RS then reads back, extends with RS
   and init as targets, and keeps for every later instance. */
static int first_privileges(struct service *sp, int child)
{
    priv_spec spec;
    int r = sys_privctl(child, SYS_PRIV_SET_SYS, NULL);
    if (r != OK)
        return r;
    sp->endpoint = child;
    r = priv_capture(sp, child);
    if (r != OK)
        return r;
    priv_build(sp, &spec);
    return sys_privctl(child, SYS_PRIV_UPDATE_SYS, &spec);
}

/* Steps 1-3 but ALLOW: a new process running prog (sp's own program, or a live update's new
   one) with sp's privileges plus extra_flags, which cannot run yet. Its pid, or an error (the
   process is removed again). */
int svc_spawn(struct service *sp, const struct program *prog, uint32_t extra_flags, int *child_ep)
{
    static uint32_t frame[16 + MAX_BOOT_ARGS + BOOTARGS_LEN / 4];
    priv_spec spec;
    int child = NONE;

    if (prog->image == NULL)
        return ENOEXEC;                 /* RS could not keep its program */
    size_t frame_len = build_frame(sp, frame, sizeof frame / sizeof frame[0]);
    if (frame_len == 0)
        return EINVAL;
    int pid = pm_srv_fork(&child);
    if (pid < 0)
        return pid;
    int r = pm_srv_exec(child, prog, frame, frame_len, sp->label);
    if (r == OK) {
        if (sp->priv.trap_mask == 0) {
            r = first_privileges(sp, child);
        } else {
            priv_build(sp, &spec);
            spec.flags |= extra_flags;
            r = sys_privctl(child, SYS_PRIV_SET_SYS, &spec);
        }
    }
    if (r != OK) {
        printf("cannot start %s: %d\n", sp->label, r);
        pm_srv_kill(child);
        return r;
    }
    *child_ep = child;
    return pid;
}

int svc_start(struct service *sp, int init_type)
{
    int child = NONE;
    int pid = svc_spawn(sp, &sp->prog, 0, &child);
    int r = pid < 0 ? pid : sys_privctl(child, SYS_PRIV_ALLOW, NULL);

    if (r != OK) {
        if (pid >= 0) {
            printf("cannot start %s: %d\n", sp->label, r);
            pm_srv_kill(child);
        }
        sp->endpoint = NONE;
        return r;
    }
    sp->endpoint = child;
    sp->pid = pid;
    sp->flags = (sp->flags & (RS_IN_USE | RS_LATEREPLY | RS_NOPINGREPLY)) | RS_INITIALIZING;
    sp->deadline = uptime() + 2u * INIT_PERIOD_SECONDS * (uint32_t) rs_hz;
    sp->init_failed = 0;
    sp->label_published = 0;
    sp->ping_sent = 0;
    sp->restart_at = 0;
    /* DS names a service's entries by its label: publish the new endpoint before the instance
       runs its init (a restarted hello reads its saved count back there). */
    label_publish(sp);
    return svc_send_init(sp, init_type);
}

/* RS_INIT by SENDA: RS never blocks on an instance (it may not receive yet, or die first). */
int svc_send_init(struct service *sp, int init_type)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = RS_INIT;
    m.m7_i2 = init_type;
    m.m7_i3 = GRANT_INVALID;
    m.m7_i4 = init_type == SEF_INIT_RESTART ? sp->dead_endpoint : NONE;
    int r = asynsend(sp->endpoint, &m);
    if (r != OK)
        printf("cannot send RS_INIT to %s: %d\n", sp->label, r);
    return OK;     /* a lost RS_INIT shows as a missed init deadline */
}

/* RS_INIT from the instance being started (m7_i1 its init callback's result). */
void svc_init_reply(struct service *sp, const message *m)
{
    int result = m->m7_i1;

    reply(sp->endpoint, OK, NULL);    /* SEF waits for our answer either way */
    if (result != OK) {
        /* SEF panics after a failed init: that death is not a crash to recover from. */
        printf("%s: init failed (%d); it will not be restarted\n", sp->label, result);
        sp->init_failed = 1;
        late_reply(sp, result);
        return;
    }
    uint32_t now = uptime();
    sp->flags = (sp->flags & ~(RS_INITIALIZING | RS_NOPINGREPLY)) | RS_ACTIVE;
    sp->started = now;
    sp->last_alive = now;
    sp->ping_sent = 0;
    if (sp->dead_endpoint != NONE) {
        svc_remove_instance(sp->dead_endpoint);
        sp->dead_endpoint = NONE;
        sp->restarts++;
    }
    label_publish(sp);          /* (done before RS_INIT already, unless DS was down then) */
    late_reply(sp, OK);
    if (sp->endpoint == DS_current())
        label_publish_pending(); /* a fresh DS starts empty: every label again */
}

/* PM removes an instance (a crashed one, or one that did not start). */
void svc_remove_instance(int endpoint)
{
    int r = pm_srv_kill(endpoint);
    if (r != OK && r != ESRCH)
        printf("cannot remove instance %d: %d\n", endpoint, r);
}
