/*
 * label.c -- label -> endpoint entries in DS, which RS alone may publish (facts section 10).
 *
 * RS publishes a service's label with its current endpoint before each instance's init (and,
 * if DS was not running then, as soon as DS is), so DS subscribers hear that the service moved,
 * and deletes the label when the service goes down for good. A DS that was itself restarted
 * starts empty: every label is published again once it has answered its init.
 *
 * The requests are made here rather than through <minix/ds.h>'s ds_publish_label and
 * ds_delete_label, which always address DS_PROC_NR: RS knows where DS is now (a restarted DS
 * has a new endpoint), and must only call DS when that instance is running -- a SENDREC to a DS
 * frozen by a signal that RS itself has to handle would never end. The fields are DS's
 * (ABI section "DS (ours)"): m2_i1 a read grant of the key, m2_s1 its length with the NUL,
 * m2_i2 DSF_TYPE_LABEL | flags, m2_l1 the endpoint.
 */
#include <string.h>
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <minix/safecopies.h>
#include "rs.h"

/* DS's running instance, or NONE (down, starting, or frozen by a pending signal). */
int DS_current(void)
{
    struct service *ds = svc_by_label("ds");
    proc_info info;

    if (ds == NULL || !(ds->flags & RS_ACTIVE) || ds->endpoint == NONE)
        return NONE;
    /* Being updated: it may be blocked in its SENDREC to RS (the check-in), where a request
       of ours would be taken for the answer. */
    if (ds->flags & RS_UPDATING)
        return NONE;
    if (sys_getproc(ds->endpoint % ENDPOINT_GENERATION_SIZE, &info) != OK
            || info.endpoint != ds->endpoint || (info.state & (PROC_FREE | PROC_SIGNALED)))
        return NONE;
    return ds->endpoint;
}

static int ds_label_call(int ds, int type, const char *label, int endpoint, int flags)
{
    message m;
    size_t len = strnlen(label, RS_MAX_LABEL_LEN - 1) + 1;
    cp_grant_id_t gid = cpf_grant_direct(ds, label, len, CPF_READ);

    if (gid == GRANT_INVALID)
        return ENOMEM;
    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i1 = gid;
    m.m2_s1 = (int16_t) len;
    m.m2_i2 = DSF_TYPE_LABEL | flags;
    m.m2_l1 = endpoint;
    int r = ipc_sendrec(ds, &m);
    cpf_revoke(gid);
    return r != OK ? r : m.m_type;
}

void label_publish(struct service *sp)
{
    int ds = DS_current();

    if (sp->label_published || sp->endpoint == NONE || ds == NONE)
        return;
    int r = ds_label_call(ds, DS_PUBLISH, sp->label, sp->endpoint, DSF_OVERWRITE);
    if (r == OK)
        sp->label_published = 1;
    else
        printf("cannot publish label %s in DS: %d\n", sp->label, r);
}

/* Every running or starting service whose current endpoint DS does not have yet. */
void label_publish_pending(void)
{
    if (DS_current() == NONE)
        return;
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && (sp->flags & (RS_ACTIVE | RS_INITIALIZING)))
            label_publish(sp);
    }
}

/* A fresh DS knows nothing: everything must be published again. */
void label_forget_all(void)
{
    for (int i = 0; i < NR_SERVICES; i++)
        services[i].label_published = 0;
}

void label_delete(struct service *sp)
{
    int ds = DS_current();

    if (ds == NONE)
        return;
    int r = ds_label_call(ds, DS_DELETE, sp->label, 0, 0);
    if (r != OK && r != ESRCH)
        printf("cannot delete label %s in DS: %d\n", sp->label, r);
    sp->label_published = 0;
}
