/*
 * boot.c -- RS takes over the boot services (facts section 12, in our order).
 *
 * Every process the kernel booted with a system privilege of its own is a service RS now
 * manages -- except PM and VM, which start themselves and cannot be restarted, and RS itself;
 * those three are listed (and published in DS) but never pinged or restarted. For each service
 * RS keeps: its label (its kernel name: the boot.cfg label), a copy of its program (the file
 * boot.cfg's `program` names, else LABEL or LABEL.elf; bootcfg.c), its privileges (GET_PRIV) and the
 * default heartbeat period. Then RS_INIT FRESH: first to DS alone, because DS must be running
 * before RS can publish labels, and services look at DS in their init; once DS has answered
 * (or died), to all the others at once. Their answers arrive in the main loop; each has 2 x the
 * init period to answer.
 */
#include <string.h>
#include <stdio.h>
#include <minix/syslib.h>
#include "rs.h"

static int boot_waits_for_ds;

static struct service *add(const proc_info *info, int managed)
{
    struct service *sp = svc_alloc();
    if (sp == NULL) {
        printf("too many boot services: %s is not managed\n", info->name);
        return NULL;
    }
    strncpy(sp->label, info->name, sizeof sp->label - 1);
    strncpy(sp->program_name, info->name, sizeof sp->program_name - 1);
    sp->endpoint = info->endpoint;
    sp->managed = managed;
    sp->core = !managed || strcmp(sp->label, "ds") == 0;
    int euid;
    sp->pid = pm_getepinfo(info->endpoint, &euid);
    return sp;
}

static void send_init(struct service *sp)
{
    sp->flags = RS_IN_USE | RS_INITIALIZING;
    sp->deadline = uptime() + 2u * INIT_PERIOD_SECONDS * (uint32_t) rs_hz;
    svc_send_init(sp, SEF_INIT_FRESH);
}

void boot_takeover(void)
{
    proc_info info;
    priv_spec priv;

    bootcfg_load();
    for (int slot = 0; slot < NR_PROCS; slot++) {
        if (sys_getproc(slot, &info) != OK || (info.state & PROC_FREE))
            continue;
        int ep = info.endpoint;
        info.name[sizeof info.name - 1] = '\0';
        if (ep == PM_PROC_NR || ep == VM_PROC_NR || ep == RS_PROC_NR) {
            struct service *sp = add(&info, 0);
            if (sp != NULL)
                sp->flags = RS_IN_USE | RS_ACTIVE;
            continue;
        }
        if (sys_getpriv(ep, &priv) != OK || !(priv.flags & SYS_PROC))
            continue;                           /* a user process (init) */
        if (!label_is_valid(info.name)) {
            printf("boot process %d has no usable label ('%s'): not managed\n", ep, info.name);
            continue;
        }
        struct service *sp = add(&info, 1);
        if (sp == NULL)
            continue;
        sp->period = DEFAULT_PERIOD_SECONDS * (uint32_t) rs_hz;
        bootcfg_program(sp->label, sp->program_name, sizeof sp->program_name);
        bootcfg_args(sp->label, sp->bootargs, sizeof sp->bootargs);
        int r = program_load(sp->program_name, &sp->prog);
        if (r != OK)
            printf("cannot keep the program of %s (%d): it cannot be restarted\n", sp->label, r);
    }
    /* Targets name other services: capture once every service is in the table. */
    uint32_t now = uptime();
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if (!(sp->flags & RS_IN_USE))
            continue;
        sp->started = now;
        if (!sp->managed)
            continue;
        int r = priv_capture(sp, sp->endpoint);
        if (r != OK)
            printf("cannot read the privileges of %s (%d)\n", sp->label, r);
    }
    struct service *ds = svc_by_label("ds");
    if (ds != NULL && ds->managed) {
        send_init(ds);
        boot_waits_for_ds = 1;
    } else {
        boot_waits_for_ds = 1;
        boot_continue();
    }
}

/* Once DS is up (or gone), the other boot services get their RS_INIT. */
void boot_continue(void)
{
    struct service *ds;

    if (!boot_waits_for_ds)
        return;
    ds = svc_by_label("ds");
    if (ds != NULL && (ds->flags & RS_INITIALIZING))
        return;
    boot_waits_for_ds = 0;
    label_publish_pending();
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && sp->managed && sp != ds && sp->endpoint != NONE
                && !(sp->flags & (RS_INITIALIZING | RS_ACTIVE | RS_TERMINATED)))
            send_init(sp);
    }
}
