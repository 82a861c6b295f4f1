/*
 * bootcfg.c -- which program a boot service runs, from the boot archive's boot.cfg.
 *
 * The kernel names a boot process after its label, but the label need not be the program's
 * name (`process hello { program hellodrv.elf }`), so RS reads boot.cfg itself: the `program`
 * key inside `process LABEL { ... }` (docs/boot-image.md; the kernel has already checked the
 * file, so only the few words RS needs are looked at). Without boot.cfg, or without the
 * label in it, the program is taken to be named after the label.
 *
 * RS also keeps each boot service's `args` line: a restarted instance gets the same argv as
 * the one the kernel started, so a driver need not park its arguments in DS.
 */
#include <string.h>
#include <minix/syslib.h>
#include <minix/bootfs.h>
#include "rs.h"

#define BOOTCFG_MAX 16384

static char cfg[BOOTCFG_MAX + 1];
static uint32_t cfg_len;

void bootcfg_load(void)
{
    uint32_t phys, size;

    if (bootfs_lookup("boot.cfg", &phys, &size) != OK || size > BOOTCFG_MAX)
        return;
    if (sys_physcopy(NONE, phys, SELF, (uint32_t) (uintptr_t) cfg, size) != OK)
        return;
    cfg[size] = '\0';
    cfg_len = size;
}

/* The next word of the line at *p (stops at '#' and the line's end); its length, 0 if none. */
static size_t word(const char **p, const char *end, const char **start)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    *start = s;
    while (s < end && *s != ' ' && *s != '\t' && *s != '\r' && *s != '#')
        s++;
    *p = s;
    return (size_t) (s - *start);
}

/* Copies the rest of the line after key `key` inside label's process (words separated by one
   space, comment dropped) into out[len]; 0 if boot.cfg does not say or it does not fit. */
static int bootcfg_value(const char *label, const char *key, char *out, size_t len)
{
    const char *line = cfg, *end = cfg + cfg_len;
    int inside = 0;
    size_t lablen = strlen(label);

    while (line < end) {
        const char *eol = strchr(line, '\n');     /* cfg is NUL-terminated */
        if (eol == NULL)
            eol = end;
        const char *p = line, *w;
        size_t n = word(&p, eol, &w);
        if (n == 7 && memcmp(w, "process", 7) == 0) {
            n = word(&p, eol, &w);
            inside = n == lablen && memcmp(w, label, n) == 0;
        } else if (n == 1 && w[0] == '}') {
            inside = 0;
        } else if (inside && n == strlen(key) && memcmp(w, key, n) == 0) {
            size_t used = 0;
            while ((n = word(&p, eol, &w)) != 0) {
                if (used + (used > 0) + n >= len)
                    return 0;
                if (used > 0)
                    out[used++] = ' ';
                memcpy(out + used, w, n);
                used += n;
            }
            if (used == 0)
                return 0;
            out[used] = '\0';
            return 1;
        }
        line = eol + 1;
    }
    return 0;
}

/* Copies the program of label's process into out[len]; 0 if boot.cfg does not say. */
int bootcfg_program(const char *label, char *out, size_t len)
{
    return bootcfg_value(label, "program", out, len) && strchr(out, ' ') == NULL;
}

/* Copies the args of label's process (words separated by one space) into out[len]; 0 if it
   has none (out is then empty). */
int bootcfg_args(const char *label, char *out, size_t len)
{
    if (bootcfg_value(label, "args", out, len))
        return 1;
    out[0] = '\0';
    return 0;
}
