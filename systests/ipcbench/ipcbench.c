/*
 * ipcbench -- the guest side of the JMH IPC benchmarks (benchmarks/IpcBenchmark): one program
 * in two roles, doing as little guest work as possible around the operation measured, so the
 * host time per operation is the kernel's and the CPU loop's.
 *
 *   client @server MODE COUNT   makes COUNT operations of MODE, then powers off (status 0
 *                               when every one answered as it should)
 *   server                      answers the client
 *
 * MODE:
 *   null      SENDREC of a message whose payload nobody touches (a null round trip)
 *   notify    NOTIFY the server, RECEIVE its NOTIFY back (two notifications, two receives)
 *   send      one-way SEND to the server blocked in RECEIVE (a process switch each way)
 *   copy4k    one SENDREC carrying a grant of 4 KiB; the server makes COUNT SAFECOPYFROMs
 *   copy1m    the same with a grant of 1 MiB
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IB_NULL 0x7601       /* no payload */
#define IB_SEND 0x7602       /* one-way; the server counts them */
#define IB_COPY 0x7603       /* m1_i1 grant, m1_i2 bytes, m1_i3 count: the server copies */
#define IB_DONE 0x7604       /* the server's answer; m1_i1 its result */

#define MAX_COPY (1024 * 1024)
#define MARK_STRIDE 512

/* The byte the client puts at offset i of its buffer (never 0, so a missed copy shows). */
static uint8_t mark(int i)
{
    return (uint8_t)((i / MARK_STRIDE) * 7 + 1 + (i & 1));
}

static uint8_t buffer[MAX_COPY];

static int client(int server, const char *mode, int count)
{
    message m;
    int bad = 0;
    if (strcmp(mode, "null") == 0) {
        for (int i = 0; i < count; i++) {
            m.m_type = IB_NULL;
            if (ipc_sendrec(server, &m) != OK || m.m_type != IB_DONE)
                bad++;
        }
    } else if (strcmp(mode, "notify") == 0) {
        for (int i = 0; i < count; i++) {
            int status;
            if (ipc_notify(server) != OK || ipc_receive(server, &m, &status) != OK
                    || m.m_type != NOTIFY_MESSAGE)
                bad++;
        }
    } else if (strcmp(mode, "send") == 0) {
        for (int i = 0; i < count; i++) {
            m.m_type = IB_SEND;
            if (ipc_send(server, &m) != OK)
                bad++;
        }
        m.m_type = IB_NULL;         /* the last one: the server has taken every send */
        if (ipc_sendrec(server, &m) != OK || m.m_type != IB_DONE)
            bad++;
    } else if (strcmp(mode, "copy4k") == 0 || strcmp(mode, "copy1m") == 0) {
        int bytes = mode[4] == '4' ? 4096 : MAX_COPY;
        /* Marks, not a full pattern: a loop over 1 MiB would cost the guest more than every
           copy measured; the server checks the marks (its own buffer starts zeroed). */
        for (int i = 0; i < bytes; i += MARK_STRIDE)
            buffer[i] = mark(i);
        buffer[bytes - 1] = mark(bytes - 1);
        cp_grant_id_t grant = cpf_grant_direct(server, buffer, (size_t)bytes, CPF_READ);
        m.m_type = IB_COPY;
        m.m1_i1 = grant;
        m.m1_i2 = bytes;
        m.m1_i3 = count;
        if (ipc_sendrec(server, &m) != OK || m.m_type != IB_DONE || m.m1_i1 != OK)
            bad++;
    } else {
        printf("ipcbench: unknown mode %s\n", mode);
        bad++;
    }
    if (bad)
        printf("ipcbench %s: %d of %d operations failed\n", mode, bad, count);
    sys_abort(RBT_HALT, bad == 0 ? 0 : 1);
    return 1;
}

static int server(void)
{
    message m;
    for (;;) {
        int status;
        if (ipc_receive(ANY, &m, &status) != OK)
            panic("receive failed");
        int caller = m.m_source;
        switch (m.m_type) {
        case NOTIFY_MESSAGE:
            ipc_notify(caller);
            continue;
        case IB_SEND:
            continue;
        case IB_COPY: {
            int result = OK;
            int bytes = m.m1_i2;
            for (int i = 0; i < m.m1_i3 && result == OK; i++)
                result = sys_safecopyfrom(caller, m.m1_i1, 0, buffer, (size_t)bytes);
            for (int i = 0; result == OK && i < bytes; i += MARK_STRIDE)
                if (buffer[i] != mark(i))
                    result = EINVAL;
            if (result == OK && buffer[bytes - 1] != mark(bytes - 1))
                result = EINVAL;
            m.m1_i1 = result;
            break;
        }
        default:
            break;
        }
        m.m_type = IB_DONE;
        ipc_send(caller, &m);
    }
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "client") == 0)
        return client(atoi(argv[2]), argv[3], atoi(argv[4]));
    if (argc >= 2 && strcmp(argv[1], "server") == 0)
        return server();
    panic("usage: ipcbench client @server MODE COUNT | ipcbench server");
}
