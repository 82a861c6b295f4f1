/*
 * inetclient.h -- user programs talking to the inet service (header only): ifconfig, ethping.
 * Include it FIRST (negative error numbers from <minix/abi.h>, as svcclient.h). One SENDREC
 * to the service labelled inet (found in DS); the reply is INET_REPLY (ABI section "Disk and
 * network drivers").
 */
#ifndef INETCLIENT_H
#define INETCLIENT_H

#include <minix/ipc.h>
#include <minix/ds.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fills *m's request fields before the call; on return *m is the reply. Returns the reply's
   status or the IPC error. */
static inline int inet_call(message *m)
{
    int ep, r = ds_retrieve_label("inet", &ep);

    if (r != OK)
        return r;
    r = ipc_sendrec(ep, m);
    if (r != OK)
        return r;
    return m->m_type == INET_REPLY ? m->m2_i1 : EGENERIC;
}

/* "192.0.2.1" -> 0xC0000201; OK or EINVAL. */
static inline int inet_parse(const char *s, uint32_t *ip)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++) {
        char *end;
        unsigned long part = strtoul(s, &end, 10);

        if (end == s || part > 255 || (i < 3 && *end != '.') || (i == 3 && *end != '\0'))
            return EINVAL;
        v = v << 8 | (uint32_t)part;
        s = end + 1;
    }
    *ip = v;
    return OK;
}

#define IP_ARGS(ip) (unsigned)((ip) >> 24), (unsigned)(((ip) >> 16) & 255), \
                    (unsigned)(((ip) >> 8) & 255), (unsigned)((ip) & 255)

#endif
