/*
 * program.c -- a service's program, copied from the boot archive into RS's own memory, so that
 * a restart needs no file system (the facts' "binary kept in RAM").
 *
 * Only what a loader reads is kept: the ELF header, the program headers and every loadable
 * segment's file bytes, i.e. the file up to the end of the last of these. The section headers
 * and debug sections behind them (most of the file with -g) stay in the archive. The memory
 * comes from VM (VM_MMAP): libsys's malloc arena is far too small for programs. VM checks the
 * ELF completely at exec; here it is only walked far enough to know how much to keep.
 */
#include <string.h>
#include <stdio.h>
#include <minix/syslib.h>
#include <minix/bootfs.h>
#include "rs.h"

#define EHDR_SIZE 52
#define PHDR_SIZE 32
#define MAX_PHDRS 64
#define PT_LOAD 1

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8;
}

/* The bytes of the file at phys (size bytes) that a loader needs; 0 if it is not an ELF32 file
   whose headers lie inside it. */
static uint32_t needed_bytes(uint32_t phys, uint32_t size)
{
    static uint8_t hdr[EHDR_SIZE], ph[MAX_PHDRS * PHDR_SIZE];

    if (size < EHDR_SIZE || sys_physcopy(NONE, phys, SELF, (uint32_t) (uintptr_t) hdr, EHDR_SIZE) != OK)
        return 0;
    if (hdr[0] != 0x7F || hdr[1] != 'E' || hdr[2] != 'L' || hdr[3] != 'F' || hdr[4] != 1)
        return 0;
    uint32_t phoff = le32(hdr + 28), phentsize = le16(hdr + 42), phnum = le16(hdr + 44);
    if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHDRS
            || (uint64_t) phoff + (uint64_t) phnum * PHDR_SIZE > size)
        return 0;
    if (sys_physcopy(NONE, phys + phoff, SELF, (uint32_t) (uintptr_t) ph, phnum * PHDR_SIZE) != OK)
        return 0;
    uint64_t end = (uint64_t) phoff + (uint64_t) phnum * PHDR_SIZE;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *p = ph + i * PHDR_SIZE;
        if (le32(p) != PT_LOAD)
            continue;
        uint64_t seg_end = (uint64_t) le32(p + 4) + le32(p + 16);
        if (seg_end > size)
            return 0;
        if (seg_end > end)
            end = seg_end;
    }
    return (uint32_t) end;
}

/* Finds name (or name.elf) in the boot archive and copies it into prog. OK, ENOENT (no such
   program), ENOEXEC (not an ELF file), ENOMEM, or the copy's error. */
int program_load(const char *name, struct program *prog)
{
    char with_ext[PROGRAM_NAME_LEN + 8];
    uint32_t phys, size;
    size_t n = strnlen(name, PROGRAM_NAME_LEN);

    if (n == 0 || n == PROGRAM_NAME_LEN || strchr(name, '/') != NULL)
        return ENOENT;
    int r = bootfs_lookup(name, &phys, &size);
    if (r == ENOENT) {
        memcpy(with_ext, name, n);
        memcpy(with_ext + n, ".elf", 5);
        r = bootfs_lookup(with_ext, &phys, &size);
    }
    if (r != OK)
        return r;
    uint32_t keep = needed_bytes(phys, size);
    if (keep == 0)
        return ENOEXEC;
    uint32_t mapped = (keep + PAGE_SIZE - 1) & ~(uint32_t) (PAGE_SIZE - 1);
    uint8_t *image = vm_mmap(mapped);
    if (image == NULL)
        return ENOMEM;
    r = sys_physcopy(NONE, phys, SELF, (uint32_t) (uintptr_t) image, keep);
    if (r != OK) {
        vm_munmap(image, mapped);
        return r;
    }
    prog->image = image;
    prog->size = keep;
    prog->mapped = mapped;
    return OK;
}

void program_free(struct program *prog)
{
    if (prog->image != NULL)
        vm_munmap(prog->image, prog->mapped);
    memset(prog, 0, sizeof *prog);
}
