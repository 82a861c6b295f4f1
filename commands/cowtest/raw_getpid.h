/* raw_getpid.h -- GETPID into a page still shared copy-on-write (raw_getpid.c). */
#ifndef RAW_GETPID_H
#define RAW_GETPID_H

/* Before fork: fills both buffers (this write makes their pages the parent's own). */
void raw_getpid_prepare(void);
/* After fork, once per process: the reply's pid (or a negative IPC error), *ppid the
   parent pid from the same reply. */
int raw_getpid(int in_child, int *ppid);

#endif
