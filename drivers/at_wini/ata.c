/*
 * ata.c -- the primary ATA channel, drive 0, in PIO mode, reached only through kernel calls:
 * sys_inb/sys_outb for the registers, sys_sdevio / sys_safe_sdevio for the data port (a
 * sector goes straight between the port and the requester's grant), sys_irqsetpolicy for
 * IRQ 14 and sys_setalarm for timeouts. Facts about the device: AtaChannel/AtaDrive in
 * emulator-devices (LBA28, READ/WRITE SECTOR(S) with one interrupt per sector, FLUSH CACHE,
 * SRST in the device control register).
 *
 * While a command waits for its interrupt the driver keeps receiving: HARDWARE and CLOCK
 * notifications drive the command, anything else is queued (queue.c) and served afterwards,
 * so one slow disk never makes a request disappear.
 *
 * Recovery: a device error (ERR), a status that makes no sense, or a timeout resets the
 * controller (SRST) and retries the chunk from its first sector, up to MAX_TRIES times; then
 * the caller gets EIO. A failing grant (the caller's fault) is not retried: the command is
 * abandoned by a reset and the caller gets the kernel's error.
 */
#include "at_wini.h"
#include <stdio.h>
#include <string.h>

#define REG_BASE        0x1F0
#define REG_DATA        (REG_BASE + 0)
#define REG_ERROR       (REG_BASE + 1)
#define REG_COUNT       (REG_BASE + 2)
#define REG_LBA_LOW     (REG_BASE + 3)
#define REG_LBA_MID     (REG_BASE + 4)
#define REG_LBA_HIGH    (REG_BASE + 5)
#define REG_DEVICE      (REG_BASE + 6)
#define REG_STATUS      (REG_BASE + 7)      /* read: status (clears INTRQ); write: command */
#define REG_CTL         0x3F6               /* read: alternate status; write: device control */
#define ATA_IRQ         14

#define ST_BSY 0x80
#define ST_DRDY 0x40
#define ST_DF 0x20
#define ST_DRQ 0x08
#define ST_ERR 0x01
#define CTL_NIEN 0x02
#define CTL_SRST 0x04
#define DEV_LBA 0xE0                        /* LBA mode, drive 0 (bits 7 and 5 set by convention) */

#define CMD_READ 0x20
#define CMD_WRITE 0x30
#define CMD_FLUSH 0xE7
#define CMD_IDENTIFY 0xEC

#define MAX_TRIES 3
#define MAX_CHUNK 256                       /* sectors per command (count register 0 = 256) */
#define TIMEOUT_SECONDS 2
#define POLLS_BEFORE_SLEEP 64

struct ata_stats ata_stats;

static int hook_id = 0;                     /* bit 0 of the HARDWARE notification */
static uint32_t capacity;
static uint32_t timeout_ticks;

/* A device error or a timeout: worth a reset and a retry. */
#define EDEVICE EIO

static uint32_t uptime(void)
{
    uint32_t now = 0;

    sys_times(SELF, NULL, NULL, &now);
    return now;
}

static int status(void)
{
    uint32_t v = 0xFF;

    sys_inb(REG_STATUS, &v);
    return (int)v;
}

static int alt_status(void)
{
    uint32_t v = 0xFF;

    sys_inb(REG_CTL, &v);
    return (int)v;
}

/* Waits for the next interrupt (OK) or the timeout (EDEVICE). Other messages are queued;
   when the queue is full they are answered EAGAIN at once by queue_put. */
static int wait_irq(void)
{
    uint32_t deadline = uptime() + timeout_ticks;
    message m;
    int st;

    sys_setalarm(timeout_ticks, 0);
    for (;;) {
        if (sef_receive_status(ANY, &m, &st) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == HARDWARE) {
                sys_setalarm(0, 0);
                return OK;
            }
            /* A CLOCK notification from an alarm of an earlier wait is stale. */
            if (m.m_source == CLOCK && (int32_t)(uptime() - deadline) >= 0) {
                ata_stats.timeouts++;
                return EDEVICE;
            }
            continue;
        }
        queue_put(&m, st);
    }
}

/* Sleeps about one tick, still queueing requests. */
static void nap(void)
{
    uint32_t until = uptime() + 1;
    message m;
    int st;

    sys_setalarm(1, 0);
    for (;;) {
        if (sef_receive_status(ANY, &m, &st) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == CLOCK && (int32_t)(uptime() - until) >= 0)
                return;
            continue;   /* a stray interrupt: nothing is in progress */
        }
        queue_put(&m, st);
    }
}

/* Polls the alternate status until (status & mask) == want, or the timeout. */
static int poll_status(int mask, int want)
{
    uint32_t deadline = uptime() + timeout_ticks;
    int s;

    for (;;) {
        for (int i = 0; i < POLLS_BEFORE_SLEEP; i++) {
            s = alt_status();
            if ((s & mask) == want)
                return OK;
        }
        if ((int32_t)(uptime() - deadline) >= 0) {
            ata_stats.timeouts++;
            return EDEVICE;
        }
        nap();
    }
}

/* Soft reset: SRST with interrupts off, then SRST clear with interrupts on; the device is
   ready when BSY clears (the emulated device takes 50 us of guest time). */
int ata_reset(void)
{
    int r;

    ata_stats.resets++;
    sys_outb(REG_CTL, CTL_SRST | CTL_NIEN);
    sys_outb(REG_CTL, 0);
    r = poll_status(ST_BSY, 0);
    status();           /* clear a pending INTRQ */
    return r;
}

/* Writes the task file and the command. The device must be idle (not BSY, no DRQ). */
static int issue(int cmd, uint32_t lba, uint32_t count)
{
    if (poll_status(ST_BSY | ST_DRQ, 0) != OK)
        return EDEVICE;
    sys_outb(REG_DEVICE, DEV_LBA | ((lba >> 24) & 0x0F));
    sys_outb(REG_COUNT, count & 0xFF);
    sys_outb(REG_LBA_LOW, lba & 0xFF);
    sys_outb(REG_LBA_MID, (lba >> 8) & 0xFF);
    sys_outb(REG_LBA_HIGH, (lba >> 16) & 0xFF);
    sys_outb(REG_STATUS, cmd);
    return OK;
}

/* After an interrupt: the status once BSY is gone (an interrupt that came while the device
   was still busy was an earlier one's: wait for the next). Negative on timeout. */
static int settled_status(void)
{
    int s, r;

    for (;;) {
        r = wait_irq();
        if (r != OK)
            return r;
        s = status();
        if (!(s & ST_BSY))
            return s;
    }
}

int ata_pio_grant(int write, int granter, int grant, uint32_t offset)
{
    return sys_safe_sdevio((write ? DIO_OUTPUT : DIO_INPUT) | DIO_WORD, REG_DATA, granter, grant,
                           offset, SECTOR_SIZE / 2);
}

int ata_pio_local(int write, void *buf)
{
    return sys_sdevio((write ? DIO_OUTPUT : DIO_INPUT) | DIO_WORD, REG_DATA, buf, SECTOR_SIZE / 2);
}

/* One command over count (1..256) sectors from lba. Returns OK, EDEVICE (retry) or the
   callback's error (*fatal set: no retry). */
static int one_command(int write, uint32_t lba, uint32_t count, uint32_t first,
                       ata_sector_fn fn, void *ctx, int *fatal)
{
    int s, r;

    if (issue(write ? CMD_WRITE : CMD_READ, lba, count) != OK)
        return EDEVICE;
    for (uint32_t i = 0; i < count; i++) {
        if (write) {
            /* DRQ for the first sector comes without an interrupt; later ones with one. */
            if (i == 0) {
                if (poll_status(ST_BSY | ST_DRQ | ST_ERR, ST_DRQ) != OK)
                    return EDEVICE;
            }
        } else {
            s = settled_status();
            if (s < 0)
                return EDEVICE;
            if ((s & (ST_ERR | ST_DF)) || !(s & ST_DRQ))
                return EDEVICE;
        }
        r = fn(ctx, write, first + i);
        if (r != OK) {
            *fatal = 1;
            return r;
        }
        if (write) {
            s = settled_status();
            if (s < 0 || (s & (ST_ERR | ST_DF)))
                return EDEVICE;
            if (i + 1 < count && !(s & ST_DRQ))
                return EDEVICE;
        }
    }
    return OK;
}

int ata_transfer(int write, uint32_t lba, uint32_t count, ata_sector_fn fn, void *ctx)
{
    uint32_t done = 0;

    while (done < count) {
        uint32_t n = count - done;
        int r = EDEVICE, fatal = 0;

        if (n > MAX_CHUNK)
            n = MAX_CHUNK;
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            if (tries > 0)
                ata_stats.retries++;
            r = one_command(write, lba + done, n, done, fn, ctx, &fatal);
            if (r == OK)
                break;
            ata_reset();            /* abandon the command: device error, timeout or bad grant */
            if (fatal)
                return r;
        }
        if (r != OK) {
            ata_stats.errors++;
            printf("%s of %u sectors at %u failed after %d tries\n", write ? "write" : "read",
                   (unsigned)n, (unsigned)(lba + done), MAX_TRIES);
            return EIO;
        }
        done += n;
    }
    return OK;
}

int ata_flush(void)
{
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        int s;

        if (tries > 0)
            ata_stats.retries++;
        if (issue(CMD_FLUSH, 0, 0) == OK) {
            s = settled_status();
            if (s >= 0 && !(s & (ST_ERR | ST_DF)))
                return OK;
        }
        ata_reset();
    }
    ata_stats.errors++;
    return EIO;
}

uint32_t ata_capacity(void)
{
    return capacity;
}

/* IDENTIFY DEVICE: words 60-61 are the LBA28 capacity, 27-46 the model (byte-swapped). */
static int identify(void)
{
    uint16_t id[256];
    char model[41];
    int s;

    for (int tries = 0; tries < MAX_TRIES; tries++) {
        if (issue(CMD_IDENTIFY, 0, 0) != OK) {
            ata_reset();
            continue;
        }
        s = settled_status();
        if (s < 0 || (s & ST_ERR) || !(s & ST_DRQ)) {
            ata_reset();
            continue;
        }
        if (ata_pio_local(0, id) != OK)
            return EIO;
        if (!(id[49] & (1 << 9))) {
            printf("the disk does not do LBA\n");
            return ENXIO;
        }
        capacity = id[60] | (uint32_t)id[61] << 16;
        for (int i = 0; i < 20; i++) {
            model[2 * i] = (char)(id[27 + i] >> 8);
            model[2 * i + 1] = (char)(id[27 + i] & 0xFF);
        }
        model[40] = '\0';
        for (int i = 39; i >= 0 && model[i] == ' '; i--)
            model[i] = '\0';
        printf("c0d0: %s, %u sectors (%u MiB)\n", model, (unsigned)capacity,
               (unsigned)(capacity / 2048));
        return OK;
    }
    return EIO;
}

int ata_init(void)
{
    int hz = sys_hz(), r;

    timeout_ticks = (uint32_t)(hz > 0 ? hz : 60) * TIMEOUT_SECONDS;
    hook_id = 0;
    r = sys_irqsetpolicy(ATA_IRQ, IRQ_REENABLE, &hook_id);
    if (r != OK) {
        printf("cannot hook IRQ %d: %d\n", ATA_IRQ, r);
        return r;
    }
    /* The device may be in the middle of a command of the instance that died: reset it. */
    r = ata_reset();
    if (r != OK) {
        printf("no disk: the controller stays busy after a reset\n");
        return ENXIO;
    }
    return identify();
}
