/* rsfault.h -- vfstest's RS helpers (rsfault.c). */
#ifndef RSFAULT_H
#define RSFAULT_H
/* hello's restart count as RS shows it, or -1. */
int hello_restarts(void);
/* Asks RS to kill hello (RS_FI SIGKILL), or to make it hang (RS_FI_HANG: RS kills it after
   missed heartbeats); 0 (OK) or a negative error. */
int hello_crash(int hang);
#endif
