/*
 * elf.h -- the ELF32 checks exec makes before it touches the old image (elf.c).
 */
#ifndef VM_ELF_H
#define VM_ELF_H

#include <stdint.h>

#define ELF_MAX_SEGMENTS 8

struct elf_segment {
    uint32_t vaddr, memsz;     /* where it goes and how much memory it takes */
    uint32_t offset, filesz;   /* the bytes of the file that fill its start */
    int writable;
};

struct elf_image {
    uint32_t entry;
    int nr_segments;
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    uint32_t highest;          /* the end of the highest segment, page aligned */
    uint32_t image_end;        /* the same, not rounded (where libc's _end and the break start) */
};

/* Checks the image of len bytes and describes it in *out: OK or ENOEXEC. Accepted: ELF32,
   little-endian, version 1, EM_386, ET_EXEC, a program-header table inside the file with
   32-byte entries; 1..ELF_MAX_SEGMENTS non-empty PT_LOAD segments, each with filesz <= memsz,
   its file bytes inside the file, its memory in [PAGE_SIZE, the stack area) without wrapping,
   and no two segments touching the same page (our linker script gives each its own pages);
   no PT_INTERP or PT_DYNAMIC (nothing here links at run time); the entry inside a segment. */
int elf_parse(const uint8_t *img, uint32_t len, struct elf_image *out);

#endif /* VM_ELF_H */
