/*
 * tiny.c -- the smallest real guest program: links crt0 + libsys.a through minix.ld so
 * that `make check` can inspect the ELF that comes out. It is never run (yet); the
 * string calls are there so that library members are really pulled into the link.
 */
#include <string.h>

static char buf[32];  /* .bss */
static const char greeting[] = "hello, minix-emu";  /* .rodata */
int counter = 1;      /* .data */

int main(int argc, char **argv, char **envp)
{
    (void)argv;
    (void)envp;
    memset(buf, 0, sizeof buf);
    strlcpy(buf, greeting, sizeof buf);
    memmove(buf + 1, buf, strlen(buf));
    counter += argc;
    return strcmp(buf, greeting) == 0 ? 0 : (int)strnlen(buf, sizeof buf) + counter;
}
