/*
 * at_wini.h -- the ATA disk driver's pieces and what they share.
 *
 *   main.c   SEF start-up, the request loop, who may call us (acl), replies
 *   ata.c    the controller: ports, waiting for the interrupt with a timeout, reset,
 *            IDENTIFY, one PIO command with retries
 *   part.c   the minor devices: the whole disk and the MBR's four primary partitions
 *   io.c     BDEV_READ/WRITE/GATHER/SCATTER/IOCTL: grants, clipping, the vector walk
 *   queue.c  requests that arrive while a command waits for its interrupt
 * Replies by SENDA (libsys asynsend) go to requesters that did not SENDREC (VFS).
 *
 * Only drive 0 of the primary channel is served (minors 0..4); the emulated machine has no
 * slave disk unless asked, and minors 5.. answer ENXIO.
 */
#ifndef AT_WINI_H
#define AT_WINI_H

#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdint.h>

#define SECTOR_SIZE     BDEV_SECTOR_SIZE
#define NR_MINORS       (1 + AT_WINI_NR_PARTS)

/* One minor device: a run of sectors of the disk. size 0 = no such device. */
struct minor_dev {
    uint32_t first;     /* first sector (LBA) */
    uint32_t sectors;   /* number of sectors */
    int open_count;     /* opens since this instance started (the ERESTART rule) */
};

extern struct minor_dev minors[NR_MINORS];

/* counters shown by the DIOC and at exit; all since this instance started */
struct ata_stats {
    unsigned retries, resets, timeouts, errors;
};
extern struct ata_stats ata_stats;

/* ata.c */
int ata_init(void);                         /* hook the IRQ, reset, IDENTIFY */
uint32_t ata_capacity(void);                /* sectors (LBA28) */
/* One sector buffer source/destination for ata_transfer's callback. */
typedef int (*ata_sector_fn)(void *ctx, int write, uint32_t index);
int ata_transfer(int write, uint32_t lba, uint32_t count, ata_sector_fn fn, void *ctx);
int ata_flush(void);
int ata_pio_grant(int write, int granter, int grant, uint32_t offset);  /* 512 bytes */
int ata_pio_local(int write, void *buf);                                /* 512 bytes */
int ata_reset(void);

/* part.c */
int part_scan(void);                        /* fills minors[] from the MBR */

/* io.c */
int do_transfer(const message *m, int write, int vectored);
int do_ioctl(const message *m);

/* queue.c: messages that arrived while ata.c waited; main.c serves them afterwards */
int queue_put(const message *m, int status);
int queue_get(message *m, int *status);

/* main.c: serves one request (also the queued ones) */
void serve(const message *m, int status);


#endif
