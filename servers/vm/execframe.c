/*
 * execframe.c -- the exec frame PM hands over (abi: section EXEC): argc, then argv[] and
 * envp[] as offsets from the frame's start, each list ended by 0, then the strings. It is
 * checked and relocated in VM's copy: every non-zero entry becomes the string's final address
 * (base + offset), which gives crt0 the System V start stack.
 *
 * Checked: argc >= 0 and argv holds exactly argc entries, both lists end inside the frame,
 * each offset points past the lists into the frame and its string ends (NUL) inside it.
 */
#include <string.h>
#include "vm.h"

/* Words are read and written with memcpy: the frame is a byte buffer. */
static uint32_t word(const uint8_t *frame, uint32_t i)
{
    uint32_t v;
    memcpy(&v, frame + 4 * i, 4);
    return v;
}

static void set_word(uint8_t *frame, uint32_t i, uint32_t v)
{
    memcpy(frame + 4 * i, &v, 4);
}

int exec_frame_relocate(uint8_t *frame, uint32_t len, uint32_t base)
{
    uint32_t words = len / 4;
    if (len < 12) {
        return EINVAL;
    }
    int32_t argc = (int32_t) word(frame, 0);
    if (argc < 0) {
        return EINVAL;
    }
    /* Find the two list ends first: strings live after them. */
    uint32_t i = 1, ends = 0, argv_entries = 0;
    while (ends < 2) {
        if (i >= words) {
            return EINVAL;
        }
        if (word(frame, i) == 0) {
            ends++;
        } else if (ends == 0) {
            argv_entries++;
        }
        i++;
    }
    if (argv_entries != (uint32_t) argc) {
        return EINVAL;
    }
    uint32_t strings = i * 4;
    for (uint32_t k = 1; k < i; k++) {
        uint32_t off = word(frame, k);
        if (off == 0) {
            continue;
        }
        if (off < strings || off >= len) {
            return EINVAL;
        }
        uint32_t n = off;
        while (n < len && frame[n] != 0) {
            n++;
        }
        if (n == len) {
            return EINVAL;
        }
    }
    for (uint32_t k = 1; k < i; k++) {
        uint32_t off = word(frame, k);
        if (off != 0) {
            set_word(frame, k, off + base);
        }
    }
    return OK;
}
