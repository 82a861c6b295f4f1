/*
 * getopt.c -- POSIX getopt(): scans argv for options from optstring, one call per option.
 *
 * "-ab" holds two options; an option followed by ':' in optstring takes an argument,
 * either the rest of its word ("-ofile") or the next word ("-o file"). "--" ends the
 * options (and is skipped), as does the first word that is not an option or is "-".
 * An unknown option or a missing argument returns '?' (with optopt set, and a message on
 * stderr unless opterr is 0 or optstring starts with ':'; then a missing argument
 * returns ':').
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

/* Where we are inside the current word of grouped options ("-abc"). */
static int nextchar;

int getopt(int argc, char *const argv[], const char *optstring)
{
    const char *word, *spec;
    int c, quiet = optstring[0] == ':';

    optarg = NULL;
    if (optind <= 0) {              /* a caller resetting the scan */
        optind = 1;
        nextchar = 0;
    }
    if (nextchar == 0) {
        if (optind >= argc || argv[optind] == NULL)
            return -1;
        word = argv[optind];
        if (word[0] != '-' || word[1] == '\0')
            return -1;
        if (strcmp(word, "--") == 0) {
            optind++;
            return -1;
        }
        nextchar = 1;
    }
    word = argv[optind];
    c = (unsigned char)word[nextchar++];
    spec = c == ':' ? NULL : strchr(optstring + quiet, c);
    if (word[nextchar] == '\0') {   /* the word is used up */
        optind++;
        nextchar = 0;
    }
    if (spec == NULL) {
        optopt = c;
        if (opterr && !quiet)
            fprintf(stderr, "%s: illegal option -- %c\n", argv[0], c);
        return '?';
    }
    if (spec[1] == ':') {
        if (nextchar != 0) {        /* "-ofile" */
            optarg = (char *)word + nextchar;
            optind++;
            nextchar = 0;
        } else if (optind < argc) { /* "-o file" */
            optarg = argv[optind++];
        } else {
            optopt = c;
            if (quiet)
                return ':';
            if (opterr)
                fprintf(stderr, "%s: option requires an argument -- %c\n", argv[0], c);
            return '?';
        }
    }
    return c;
}
