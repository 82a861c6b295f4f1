/*
 * asynsend.c -- asynsend(): send a message without ever blocking, through SENDA.
 *
 * One table in the caller's memory, registered again after each change. The kernel delivers
 * a table's entries in index order, so to keep messages to one destination in the order they
 * were sent, new entries go after the last one used; only when the end of the table is
 * reached does the table start again from the front (at once if every entry is done, else
 * in the first free entry, which may overtake an older pending one -- with 256 entries and
 * peers that receive promptly that does not happen in practice). An entry is done once the
 * kernel delivered it (or failed it: the destination died).
 *
 * Used for replies to a requester that may not be waiting (a driver answering VFS, VFS
 * answering PM) and for requests that must not block the sender (VFS to drivers, PM to VFS).
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>

#define NR_ASYN 256

static asynmsg asyn_table[NR_ASYN];
static int asyn_next;     /* where the next entry goes */
static int asyn_used;     /* the table's length as registered */

static int all_done(void)
{
    for (int i = 0; i < asyn_used; i++)
        if ((asyn_table[i].flags & AMF_VALID) && !(asyn_table[i].flags & AMF_DONE))
            return 0;
    return 1;
}

int asynsend(int dst, const message *m)
{
    int slot = -1;

    if (asyn_next >= NR_ASYN) {
        if (all_done()) {
            memset(asyn_table, 0, sizeof asyn_table);
            asyn_next = 0;
            asyn_used = 0;
        } else {
            for (int i = 0; i < NR_ASYN; i++)
                if (asyn_table[i].flags == AMF_EMPTY || (asyn_table[i].flags & AMF_DONE)) {
                    slot = i;
                    break;
                }
            if (slot < 0)
                return ENOSPC;
        }
    }
    if (slot < 0)
        slot = asyn_next++;
    asyn_table[slot].flags = AMF_EMPTY;
    asyn_table[slot].dst = dst;
    asyn_table[slot].result = 0;
    asyn_table[slot].msg = *m;
    asyn_table[slot].flags = AMF_VALID | AMF_NOREPLY;
    if (slot + 1 > asyn_used)
        asyn_used = slot + 1;
    return ipc_senda(asyn_table, (size_t)asyn_used);
}
