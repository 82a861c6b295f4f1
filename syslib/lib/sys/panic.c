#include <minix/syslib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PANIC_PREFIX "panic: "
#define PANIC_MAX 256   /* the line, prefix and newline included, plus vsnprintf's NUL */

/* Set on entry: a panic raised while panicking must not recurse. */
static int panicking;

_Noreturn void panic(const char *fmt, ...)
{
    if (!panicking) {
        char line[PANIC_MAX];
        size_t len = sizeof PANIC_PREFIX - 1;
        va_list ap;

        panicking = 1;
        fflush(NULL);
        memcpy(line, PANIC_PREFIX, len);
        /* One byte short of the end, so that a newline still fits after the text. */
        va_start(ap, fmt);
        vsnprintf(line + len, sizeof line - 1 - len, fmt, ap);
        va_end(ap);
        len += strlen(line + len);
        if (line[len - 1] != '\n')
            line[len++] = '\n';
        sys_diag(line, len);
    }
    sys_exit();
    for (;;) {
    }
}
