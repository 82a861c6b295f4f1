/* sleep SECONDS -- waits SECONDS (a whole number) seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    char *end;
    long n;

    if (argc != 2) {
        fprintf(stderr, "usage: sleep SECONDS\n");
        return 1;
    }
    n = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || n < 0 || n > 1000000) {
        fprintf(stderr, "sleep: bad number of seconds '%s'\n", argv[1]);
        return 1;
    }
    while (n > 0)
        n = (long)sleep((unsigned)n);   /* a caught signal's handler ran: go on */
    return 0;
}
