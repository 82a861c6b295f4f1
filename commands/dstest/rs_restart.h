/* rs_restart.h -- asks RS to restart a service (rs_restart.c, which talks to RS directly). */
#ifndef DSTEST_RS_RESTART_H
#define DSTEST_RS_RESTART_H

/* RS_RESTART for label: 0 on success, else the negative error (RS's reply or the IPC's). */
int rs_restart(const char *label);

#endif
