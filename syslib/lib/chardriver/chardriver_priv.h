/* chardriver_priv.h -- what the library's files share (not a public header). */
#ifndef CHARDRIVER_PRIV_H
#define CHARDRIVER_PRIV_H

#include <minix/chardriver.h>

/* DEV_STATUS from the requester: one queued DEV_REVIVE, or DEV_NO_STATUS (revive.c). */
void chardriver_status(const message *m, int ipc_status);

#endif
