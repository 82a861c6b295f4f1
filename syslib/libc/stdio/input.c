/*
 * input.c -- reading streams: fgetc/getc/getchar, ungetc, fgets, feof, ferror, clearerr.
 * A stream is refilled with one read() of up to BUFSIZ bytes (a terminal gives a line at a
 * time). Before stdin is read, stdout is flushed, so that a prompt shows before the wait.
 */
#include <unistd.h>
#include "file.h"

static int refill(FILE *f)
{
    ssize_t n;

    if (f == stdin)
        fflush(stdout);
    n = read(f->fd, f->buf, BUFSIZ);
    if (n < 0) {
        f->error = 1;
        return EOF;
    }
    if (n == 0) {
        f->eof = 1;
        return EOF;
    }
    f->used = (size_t)n;
    f->rpos = 0;
    return 0;
}

int fgetc(FILE *f)
{
    if (f->rpos >= f->used && refill(f) == EOF)
        return EOF;
    return (unsigned char)f->buf[f->rpos++];
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
    if (c == EOF || f->rpos == 0)
        return EOF;
    f->buf[--f->rpos] = (char)c;
    f->eof = 0;
    return (unsigned char)c;
}

char *fgets(char *restrict s, int size, FILE *restrict f)
{
    int i = 0;

    if (size <= 0)
        return NULL;
    while (i < size - 1) {
        int c = fgetc(f);

        if (c == EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    if (i == 0)
        return NULL;
    s[i] = '\0';
    return s;
}

int feof(FILE *f)
{
    return f->eof;
}

int ferror(FILE *f)
{
    return f->error;
}

void clearerr(FILE *f)
{
    f->eof = 0;
    f->error = 0;
}
