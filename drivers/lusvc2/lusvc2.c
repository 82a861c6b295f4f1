/*
 * lusvc2 -- version 2 of the live-update test service: lusvc's sources, answering with
 * version 2 (lusoak updates back and forth between lusvc and lusvc2). See ../lusvc/lusvc.c.
 */
#define LUSVC_VERSION 2
#include "../lusvc/lusvc.c"
#include "../lusvc/lu.c"
