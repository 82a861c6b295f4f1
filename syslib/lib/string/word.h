/*
 * word.h -- private helper for the word-at-a-time loops in memcpy and memset.
 *
 * Copying 4 bytes per step matters: messages (64 bytes) and page-sized buffers are copied
 * constantly, and every guest instruction costs an interpreted step in the emulator.
 * may_alias lets us access any object through this type without breaking strict aliasing.
 */
#ifndef _SYSLIB_STRING_WORD_H
#define _SYSLIB_STRING_WORD_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t __attribute__((may_alias)) syslib_word_t;

#define SYSLIB_WORD_SIZE sizeof(syslib_word_t)
#define SYSLIB_WORD_MASK (SYSLIB_WORD_SIZE - 1)

static inline int syslib_aligned(const void *p)
{
    return ((uintptr_t)p & SYSLIB_WORD_MASK) == 0;
}

#endif
