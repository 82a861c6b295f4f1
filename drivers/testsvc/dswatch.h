/* dswatch.h -- see dswatch.c. */
#ifndef TESTSVC_DSWATCH_H
#define TESTSVC_DSWATCH_H

/* From the init callback (fresh, restart, live update): subscribes on a fresh start only. */
void dswatch_init(int type);

/* On a notification from DS: answers every ping. */
void dswatch_notified(void);

#endif
