/*
 * hello.h -- the hello driver's parts (facts section 11; minix3-facts-2.md section 1).
 *
 * hello is a character driver with one minor device (0), /dev/hello (major HELLO_MAJOR), on
 * the chardriver library: every request gets one TASK_REPLY at once (by SENDNB to a direct
 * client's SENDREC, by SENDA to VFS). Its only state is the
 * open counter, which survives a crash because every open saves it in DS (counter.c), and
 * goes to the new version of a live update the same way.
 */
#ifndef HELLO_H
#define HELLO_H

#include <minix/abi.h>
#include <minix/chardriver.h>
#include <stdint.h>

/* What a read returns, from the file position on. The second version (drivers/hellodrv2,
   the same sources) defines its own greeting before including them. */
#ifndef HELLO_MESSAGE
#define HELLO_MESSAGE "Hello, World!\n"
#endif
#define HELLO_MESSAGE_LEN (sizeof HELLO_MESSAGE - 1)

/* The DS key of the open counter (a u32 owned by hello's label). */
#define HELLO_COUNTER_KEY "open_counter"

/* counter.c: the open counter and its copy in DS. */
uint32_t counter_get(void);
int counter_restore(void);        /* restart: read the saved count back (0 if none) */
int counter_increment(void);      /* open: count it and save the new value */
int counter_save(void);           /* live update: publish the count (again) for the new version */

/* requests.c: one handler per request; each returns the reply's REP_STATUS. */
int do_open(const chardriver_req *r);
int do_close(const chardriver_req *r);
int do_read(const chardriver_req *r);
int do_ioctl(const chardriver_req *r);

#endif
