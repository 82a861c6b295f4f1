/*
 * echo [-n] [WORD...] -- prints the words separated by spaces and a newline (-n: none).
 * Backslash sequences are not interpreted: the shell's quoting covers that.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    int i = 1, newline = 1;

    if (i < argc && strcmp(argv[i], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (; i < argc; i++) {
        fputs(argv[i], stdout);
        if (i + 1 < argc)
            putchar(' ');
    }
    if (newline)
        putchar('\n');
    return fflush(stdout) == 0 ? 0 : 1;
}
