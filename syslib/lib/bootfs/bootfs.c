/*
 * bootfs.c -- programs from the boot archive until a file system exists (<minix/bootfs.h>).
 *
 * The boot partition is one ustar archive that the boot loader left in RAM; its physical
 * base and size come from GET_BOOTINFO (struct boot_info). Nobody maps it: each 512-byte
 * header is read with SYS_PHYSCOPY, and an exec hands VM the physical address of the file's
 * data, which VM reads through its window on all of RAM; RS copies a service's program into
 * its own memory with SYS_PHYSCOPY. PM and RS share this file (it was PM's).
 */
#include <minix/syslib.h>
#include <string.h>
#include <minix/bootfs.h>

#define TAR_BLOCK 512
#define TAR_NAME 0         /* char[100] */
#define TAR_NAME_LEN 100
#define TAR_SIZE 124       /* char[12], octal */
#define TAR_TYPE 156       /* '0' or NUL: a regular file */
#define TAR_MAGIC 257      /* "ustar" */
#define TAR_PREFIX 345     /* char[155]: a directory part we never write, so never match */

static uint32_t archive_base, archive_size;

int bootfs_init(void)
{
    static boot_info bi;
    int r = sys_getinfo(GET_BOOTINFO, &bi, sizeof bi);

    if (r != OK)
        return r;
    archive_base = bi.bootfs_base;
    archive_size = bi.bootfs_size;
    return archive_size >= TAR_BLOCK ? OK : ENOENT;
}

/* An octal field of len bytes, ended by NUL or space; -1 when it is not octal or too big. */
static long octal(const unsigned char *f, int len)
{
    unsigned long v = 0;
    int i = 0, digits = 0;

    while (i < len && f[i] == ' ')
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
        if (v > 0x0FFFFFFFul)
            return -1;
        v = v * 8 + (f[i] - '0');
    }
    if (digits == 0 || (i < len && f[i] != '\0' && f[i] != ' '))
        return -1;
    return (long)v;
}

int bootfs_lookup(const char *name, uint32_t *phys, uint32_t *size)
{
    static unsigned char hdr[TAR_BLOCK];
    size_t want = strlen(name);
    uint32_t off = 0;

    if (want == 0 || want >= TAR_NAME_LEN)
        return ENOENT;
    while (archive_size >= TAR_BLOCK && off <= archive_size - TAR_BLOCK) {
        long len;
        uint32_t blocks;

        if (sys_physcopy(NONE, archive_base + off, SELF, (uint32_t)(uintptr_t)hdr, TAR_BLOCK) != OK)
            return EIO;
        if (hdr[TAR_NAME] == '\0')
            return ENOENT;                        /* the end marker */
        if (memcmp(hdr + TAR_MAGIC, "ustar", 5) != 0)
            return ENOENT;                        /* not an archive we can walk further */
        len = octal(hdr + TAR_SIZE, 12);
        if (len < 0 || (uint32_t)len > archive_size - off - TAR_BLOCK)
            return ENOENT;                        /* a damaged entry ends the walk */
        if ((hdr[TAR_TYPE] == '0' || hdr[TAR_TYPE] == '\0') && hdr[TAR_PREFIX] == '\0'
            && strncmp((const char *)hdr + TAR_NAME, name, TAR_NAME_LEN) == 0
            && (want == TAR_NAME_LEN || hdr[TAR_NAME + want] == '\0')) {
            *phys = archive_base + off + TAR_BLOCK;
            *size = (uint32_t)len;
            return OK;
        }
        blocks = ((uint32_t)len + TAR_BLOCK - 1) / TAR_BLOCK;
        off += TAR_BLOCK + blocks * TAR_BLOCK;
    }
    return ENOENT;
}
