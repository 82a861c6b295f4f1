/*
 * dp8390.h -- the NE2000 driver's pieces.
 *
 *   main.c  SEF start-up, the DL_* requests (ABI "Disk and network drivers"; minix3-facts-2.md
 *           section 3), replies, configuration in DS
 *   ne.c    the card: probe and PROM, init with a receive mode, remote DMA, send, the
 *           receive ring, interrupts and overflow recovery
 * Replies go by SENDA (libsys asynsend): inet sends its requests with SENDA, never blocks on us.
 */
#ifndef DP8390_H
#define DP8390_H

#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdint.h>

#define MAX_FRAME 1518              /* with an 802.1Q tag */

extern eth_stat stats;

/* ne.c */
int ne_probe(uint8_t mac[ETH_ADDR_LEN]);           /* reset, check the signature, read the PROM */
int ne_init(const uint8_t mac[ETH_ADDR_LEN], int mode);  /* start the card with DL_* mode bits */
int ne_hook_irq(void);
int ne_tx_busy(void);
int ne_send(const uint8_t *frame, int len);        /* into the card and transmit; OK or error */
/* The oldest frame of the ring into buf (at most MAX_FRAME bytes): its length, 0 if the ring
   is empty, negative after a ring error (the card was re-initialised). */
int ne_recv(uint8_t *buf);
/* After a HARDWARE notification: acknowledges the card's interrupts; returns ISR bits seen
   (PRX, PTX, ...). Counts errors in stats, recovers from an overflow. */
int ne_interrupt(void);


#endif
