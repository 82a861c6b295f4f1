/*
 * devtable.c -- the fixed /dev of the design (until a file system holds device nodes) and the
 * major -> driver map (minix3-facts-2.md sections 6.1 and 7).
 *
 * To add a device: a line in devnodes[] (name, major, minor, block?) and, for a new major, a
 * line in dmaps[] (the driver's label and its style). A block device (issue 15): is_block 1
 * here and a style of its own (bdev.c: struct dev_style style_blk), see README.md.
 */
#include <stddef.h>
#include "vfs.h"

const struct devnode devnodes[] = {
    { "console", TTY_MAJOR, TTY_MINOR_CONSOLE, 0 },
    { "tty", CTTY_MAJOR, 0, 0 },
    { "log", TTY_MAJOR, TTY_MINOR_LOG, 0 },
    { "tty00", TTY_MAJOR, TTY_MINOR_SERIAL0, 0 },
    { "tty01", TTY_MAJOR, TTY_MINOR_SERIAL0 + 1, 0 },
    { "null", MEMORY_MAJOR, MEMORY_MINOR_NULL, 0 },
    { "zero", MEMORY_MAJOR, MEMORY_MINOR_ZERO, 0 },
    { "hello", HELLO_MAJOR, 0, 0 },
    { "c0d0", AT_WINI_MAJOR, 0, 1 },
    { "c0d0p0", AT_WINI_MAJOR, AT_WINI_MINOR_PART0 + 0, 1 },
    { "c0d0p1", AT_WINI_MAJOR, AT_WINI_MINOR_PART0 + 1, 1 },
    { "c0d0p2", AT_WINI_MAJOR, AT_WINI_MINOR_PART0 + 2, 1 },
    { "c0d0p3", AT_WINI_MAJOR, AT_WINI_MINOR_PART0 + 3, 1 },
};
const int nr_devnodes = (int)(sizeof devnodes / sizeof devnodes[0]);

static const struct dmap dmaps[NR_MAJORS] = {
    [MEMORY_MAJOR] = { "memory", &style_chr },
    [TTY_MAJOR] = { "tty", &style_tty },
    [CTTY_MAJOR] = { "tty", &style_ctty },
    [HELLO_MAJOR] = { "hello", &style_chr },
    [AT_WINI_MAJOR] = { "at_wini", &style_blk },
};

const struct dmap *dmap_of(int major)
{
    if (major <= 0 || major >= NR_MAJORS || dmaps[major].label == NULL)
        return NULL;
    return &dmaps[major];
}
