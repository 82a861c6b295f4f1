/*
 * lusvcbad -- a version of the live-update test service whose live-update init fails: it
 * copies and checks the old version's state, then refuses to start (FAIL_INIT), so RS must
 * roll back to the old version (lurollback). lusvc's sources; see ../lusvc/lu.c.
 */
#define LUSVC_VERSION 3
#define FAIL_INIT 1
#include "../lusvc/lusvc.c"
#include "../lusvc/lu.c"
