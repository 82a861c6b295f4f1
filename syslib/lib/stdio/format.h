/*
 * format.h -- private: the printf engine shared by the printf family.
 *
 * __syslib_vformat parses a format (C11 7.21.6.1, with the choices listed in <stdio.h>)
 * and hands the output to a sink in runs: put() for bytes, fill() for n copies of one
 * byte (padding), so that a wide field costs one call, not one per byte. A sink is embedded
 * as the first member of the caller's own state struct.
 */
#ifndef _SYSLIB_STDIO_FORMAT_H
#define _SYSLIB_STDIO_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

struct fmt_sink {
    void (*put)(struct fmt_sink *sink, const char *s, size_t n);
    void (*fill)(struct fmt_sink *sink, char c, size_t n);
};

/* Returns the number of bytes produced, or -1 if that would exceed INT_MAX (a width or
   precision above INT_MAX counts as that too); the sink then sees no more output. */
int __syslib_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

#endif
