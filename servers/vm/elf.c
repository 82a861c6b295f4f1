/*
 * elf.c -- validating an ELF32 executable (see elf.h for exactly what passes). Fields are
 * read byte by byte, little-endian, so nothing depends on the image's alignment, and every
 * sum is done in 64 bits so that no offset or size can wrap past a check.
 */
#include <string.h>
#include "vm.h"
#include "elf.h"

#define EHDR_SIZE 52
#define PHDR_SIZE 32
#define ELF_MAX_PHDRS 64
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PF_W 2

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8;
}

int elf_parse(const uint8_t *img, uint32_t len, struct elf_image *out)
{
    memset(out, 0, sizeof *out);
    if (len < EHDR_SIZE) {
        return ENOEXEC;
    }
    if (img[0] != 0x7F || img[1] != 'E' || img[2] != 'L' || img[3] != 'F'
            || img[4] != 1 /* ELFCLASS32 */ || img[5] != 1 /* ELFDATA2LSB */
            || img[6] != 1 /* EV_CURRENT */) {
        return ENOEXEC;
    }
    if (le16(img + 16) != 2 /* ET_EXEC */ || le16(img + 18) != 3 /* EM_386 */
            || le32(img + 20) != 1) {
        return ENOEXEC;
    }
    uint32_t entry = le32(img + 24);
    uint32_t phoff = le32(img + 28);
    uint32_t phentsize = le16(img + 42);
    uint32_t phnum = le16(img + 44);
    if (phentsize != PHDR_SIZE || phnum == 0 || phnum > ELF_MAX_PHDRS
            || (uint64_t) phoff + (uint64_t) phnum * PHDR_SIZE > len) {
        return ENOEXEC;
    }
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + i * PHDR_SIZE;
        uint32_t type = le32(ph);
        if (type == PT_INTERP || type == PT_DYNAMIC) {
            return ENOEXEC;
        }
        if (type != PT_LOAD) {
            continue;
        }
        uint32_t offset = le32(ph + 4), vaddr = le32(ph + 8);
        uint32_t filesz = le32(ph + 16), memsz = le32(ph + 20), flags = le32(ph + 24);
        if (filesz > memsz || (uint64_t) offset + filesz > len) {
            return ENOEXEC;
        }
        if (memsz == 0) {
            continue;                /* takes no memory: nothing to load */
        }
        uint64_t end = (uint64_t) vaddr + memsz;
        if (vaddr < PAGE_SIZE || end > STACK_AREA_BASE) {
            return ENOEXEC;
        }
        if (out->nr_segments == ELF_MAX_SEGMENTS) {
            return ENOEXEC;
        }
        /* Pages, not bytes: two segments sharing a page could not have their own protection. */
        uint64_t first = vaddr & ~(uint64_t) PG_MASK, last = (end + PG_MASK) & ~(uint64_t) PG_MASK;
        for (int s = 0; s < out->nr_segments; s++) {
            uint64_t sf = out->seg[s].vaddr & ~(uint64_t) PG_MASK;
            uint64_t sl = ((uint64_t) out->seg[s].vaddr + out->seg[s].memsz + PG_MASK) & ~(uint64_t) PG_MASK;
            if (first < sl && sf < last) {
                return ENOEXEC;
            }
        }
        struct elf_segment *seg = &out->seg[out->nr_segments++];
        seg->vaddr = vaddr;
        seg->memsz = memsz;
        seg->offset = offset;
        seg->filesz = filesz;
        seg->writable = (flags & PF_W) != 0;
        if (last > out->highest) {
            out->highest = (uint32_t) last;
        }
        if (end > out->image_end) {
            out->image_end = (uint32_t) end;
        }
    }
    if (out->nr_segments == 0) {
        return ENOEXEC;
    }
    int entry_ok = 0;
    for (int s = 0; s < out->nr_segments; s++) {
        if (entry >= out->seg[s].vaddr && (uint64_t) entry < (uint64_t) out->seg[s].vaddr + out->seg[s].memsz) {
            entry_ok = 1;
        }
    }
    if (!entry_ok) {
        return ENOEXEC;
    }
    out->entry = entry;
    return OK;
}
