/*
 * part.c -- the minor devices: 0 is the whole disk, 1 + P the MBR's primary partition P
 * (minix3-facts-2.md section 7). An entry of type 0, or one that does not fit on the disk,
 * gives an absent minor (open answers ENXIO). No extended partitions, no subpartitions.
 */
#include "at_wini.h"
#include <stdio.h>
#include <string.h>

#define MBR_TABLE 446
#define MBR_ENTRY 16

struct minor_dev minors[NR_MINORS];

static int read_sector0(void *ctx, int write, uint32_t index)
{
    (void)write;
    (void)index;
    return ata_pio_local(0, ctx);
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int part_scan(void)
{
    uint8_t mbr[SECTOR_SIZE];
    uint32_t disk = ata_capacity();
    int r;

    memset(minors, 0, sizeof minors);
    minors[0].first = 0;
    minors[0].sectors = disk;
    r = ata_transfer(0, 0, 1, read_sector0, mbr);
    if (r != OK)
        return r;
    if (mbr[510] != 0x55 || mbr[511] != 0xAA) {
        printf("c0d0: no MBR signature: no partitions\n");
        return OK;
    }
    for (int p = 0; p < AT_WINI_NR_PARTS; p++) {
        const uint8_t *e = mbr + MBR_TABLE + p * MBR_ENTRY;
        uint32_t first = le32(e + 8), n = le32(e + 12);

        if (e[4] == 0 || n == 0)
            continue;
        if (first == 0 || first > disk || n > disk - first) {
            printf("c0d0p%d: sectors %u..+%u do not fit the disk: ignored\n", p, (unsigned)first,
                   (unsigned)n);
            continue;
        }
        minors[AT_WINI_MINOR_PART0 + p].first = first;
        minors[AT_WINI_MINOR_PART0 + p].sectors = n;
        printf("c0d0p%d: type 0x%02x, sectors %u..%u (%u KiB)\n", p, e[4], (unsigned)first,
               (unsigned)(first + n - 1), (unsigned)(n / 2));
    }
    return OK;
}
