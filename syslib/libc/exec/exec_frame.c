/*
 * exec_frame.c -- builds the frame that EXEC hands to PM (the ABI's EXEC section).
 *
 *     offset 0     argc
 *            4     argv[0] .. argv[argc-1] as offsets from the frame's start, then 0
 *                  envp[0] .. as offsets, then 0
 *                  the strings, each with its NUL
 *     size         rounded up to 4 bytes
 *
 * VM copies the frame below the new stack top and adds its final address to every
 * non-zero entry, so crt0 finds argc, argv and envp as the System V start stack. Every
 * string starts after the two lists, so no string's offset is 0.
 *
 * Pure code (no system calls): the host test builds frames and checks them.
 */
#include "../libc_private.h"
#include <stdint.h>

/* Bytes the frame needs, or a negative error: E2BIG when it would exceed ARG_MAX,
   EINVAL when argv is NULL. envp may be NULL (an empty environment). */
long __libc_exec_frame_size(char *const argv[], char *const envp[])
{
    size_t words = 3;       /* argc and the two terminating zeros */
    size_t bytes = 0;
    char *const *list[2] = { argv, envp };

    if (argv == NULL)
        return EINVAL;
    for (int l = 0; l < 2; l++) {
        if (list[l] == NULL)
            continue;
        for (char *const *p = list[l]; *p != NULL; p++) {
            size_t n = strnlen(*p, ARG_MAX) + 1;

            words++;
            bytes += n;
            if (words > ARG_MAX / 4 || bytes > ARG_MAX)
                return E2BIG;
        }
    }
    bytes = (words * 4 + bytes + 3) & ~(size_t)3;
    return bytes > ARG_MAX ? E2BIG : (long)bytes;
}

/* Writes the frame into buf (cap bytes). Returns its size, or a negative error (as
   __libc_exec_frame_size, or E2BIG when it does not fit in cap). */
long __libc_exec_frame(char *buf, size_t cap, char *const argv[], char *const envp[])
{
    long size = __libc_exec_frame_size(argv, envp);
    size_t argc = 0, envc = 0, w, str;
    uint32_t word;

    if (size < 0)
        return size;
    if ((size_t)size > cap)
        return E2BIG;
    while (argv[argc] != NULL)
        argc++;
    while (envp != NULL && envp[envc] != NULL)
        envc++;

    memset(buf, 0, (size_t)size);
    word = (uint32_t)argc;
    memcpy(buf, &word, 4);
    w = 4;
    str = (argc + envc + 3) * 4;
    for (int l = 0; l < 2; l++) {
        char *const *list = l == 0 ? argv : envp;
        size_t count = l == 0 ? argc : envc;

        for (size_t i = 0; i < count; i++) {
            size_t n = strlen(list[i]) + 1;

            word = (uint32_t)str;
            memcpy(buf + w, &word, 4);
            w += 4;
            memcpy(buf + str, list[i], n);
            str += n;
        }
        w += 4;             /* the list's terminating 0 (already zero) */
    }
    return size;
}
