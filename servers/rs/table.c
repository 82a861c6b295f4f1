/*
 * table.c -- the service table: lookups, allocation, the clock, label syntax.
 */
#include <string.h>
#include <minix/syslib.h>
#include "rs.h"

struct service services[NR_SERVICES];

/* The kernel's uptime in ticks. */
uint32_t uptime(void)
{
    uint32_t now = 0;

    sys_times(SELF, NULL, NULL, &now);
    return now;
}

struct service *svc_by_label(const char *label)
{
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && strncmp(sp->label, label, RS_MAX_LABEL_LEN) == 0)
            return sp;
    }
    return NULL;
}

struct service *svc_by_endpoint(int endpoint)
{
    if (endpoint == NONE)
        return NULL;
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && sp->endpoint == endpoint)
            return sp;
    }
    return NULL;
}

struct service *svc_by_dead_endpoint(int endpoint)
{
    if (endpoint == NONE)
        return NULL;
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && sp->dead_endpoint == endpoint)
            return sp;
    }
    return NULL;
}

struct service *svc_alloc(void)
{
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if (!(sp->flags & RS_IN_USE)) {
            memset(sp, 0, sizeof *sp);
            sp->flags = RS_IN_USE;
            sp->endpoint = NONE;
            sp->dead_endpoint = NONE;
            sp->caller = NONE;
            sp->pid = -1;
            for (int t = 0; t < PRIV_MAX_IPC_TO; t++)
                sp->target_svc[t] = -1;
            return sp;
        }
    }
    return NULL;
}

void svc_free(struct service *sp)
{
    program_free(&sp->prog);
    memset(sp, 0, sizeof *sp);
}

int svc_index(const struct service *sp)
{
    return (int)(sp - services);
}

/* [a-z][a-z0-9_-]{0,15} with the NUL inside RS_MAX_LABEL_LEN, as boot.cfg's labels. */
int label_is_valid(const char *label)
{
    size_t n = strnlen(label, RS_MAX_LABEL_LEN);

    if (n == 0 || n == RS_MAX_LABEL_LEN || label[0] < 'a' || label[0] > 'z')
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = label[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

int any_initializing(void)
{
    for (int i = 0; i < NR_SERVICES; i++)
        if ((services[i].flags & RS_IN_USE) && (services[i].flags & RS_INITIALIZING))
            return 1;
    return 0;
}
