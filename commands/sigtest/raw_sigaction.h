/* raw_sigaction.h -- SIGACTION without libc (raw_sigaction.c). */
#ifndef RAW_SIGACTION_H
#define RAW_SIGACTION_H

/* Asks PM to catch sig with handler; PM's reply (0, or a negative error). */
int raw_sigaction_catch(int sig, void (*handler)(int));

#endif
