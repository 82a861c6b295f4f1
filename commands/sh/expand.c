/*
 * expand.c -- a raw word as the command sees it: quotes removed, parameters expanded.
 *
 *   'text'     literal
 *   "text"     $ expanded; \ escapes only $ ` " \ (else it stays)
 *   \c         c, literally
 *   $NAME ${NAME}      a variable ("" when unset)
 *   $? $$ $# $0..$9    last status, the shell's pid, argument count, arguments
 * There is no field splitting and no globbing: a variable's value stays one word. An
 * unquoted word that expands to nothing disappears.
 */
#include <stdio.h>
#include <string.h>
#include "sh.h"

struct buf {
    char *s;
    size_t len, cap;
};

static int put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *d = sh_alloc(cap);

        if (d == NULL)
            return -1;
        memcpy(d, b->s, b->len);
        b->s = d;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static int is_name_char(char c, int first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* Expands the parameter after a '$' at *pp; advances *pp past it. */
static int parameter(struct buf *b, const char **pp)
{
    const char *p = *pp;
    char num[16];
    const char *val = NULL;
    size_t n = 0;

    if (*p == '{') {
        const char *close = strchr(p, '}');

        if (close == NULL)
            return put(b, "$", 1);
        p++;
        n = (size_t)(close - p);
        *pp = close + 1;
    } else if (*p == '?' || *p == '$' || *p == '#' || (*p >= '0' && *p <= '9')) {
        n = 1;
        *pp = p + 1;
    } else if (is_name_char(*p, 1)) {
        while (is_name_char(p[n], 0))
            n++;
        *pp = p + n;
    } else {
        return put(b, "$", 1);      /* a lone $ stays */
    }
    if (n == 1 && *p == '?') {
        snprintf(num, sizeof num, "%d", sh_status);
        val = num;
    } else if (n == 1 && *p == '$') {
        snprintf(num, sizeof num, "%d", (int)sh_pid);
        val = num;
    } else if (n == 1 && *p == '#') {
        snprintf(num, sizeof num, "%d", sh_argc > 0 ? sh_argc - 1 : 0);
        val = num;
    } else if (n == 1 && *p >= '0' && *p <= '9') {
        int i = *p - '0';

        val = i < sh_argc ? sh_argv[i] : "";
    } else if (n > 0 && n < 128 && var_name_ok(p, n)) {
        char name[128];

        memcpy(name, p, n);
        name[n] = '\0';
        val = var_get(name);
    } else {
        fprintf(stderr, "sh: bad substitution\n");
        val = "";
    }
    return val == NULL ? 0 : put(b, val, strlen(val));
}

char *expand_word(const char *raw)
{
    struct buf b = { NULL, 0, 0 };
    const char *p = raw;
    int quoted = 0;

    if (put(&b, "", 0) < 0)
        return NULL;
    while (*p != '\0') {
        if (*p == '\'') {
            const char *close = strchr(p + 1, '\'');

            quoted = 1;
            if (close == NULL)
                close = p + strlen(p);
            put(&b, p + 1, (size_t)(close - p - 1));
            p = *close ? close + 1 : close;
        } else if (*p == '"') {
            quoted = 1;
            p++;
            while (*p != '\0' && *p != '"') {
                if (*p == '\\' && p[1] != '\0' && strchr("$`\"\\", p[1]) != NULL) {
                    put(&b, p + 1, 1);
                    p += 2;
                } else if (*p == '$') {
                    p++;
                    parameter(&b, &p);
                } else {
                    put(&b, p++, 1);
                }
            }
            if (*p == '"')
                p++;
        } else if (*p == '\\') {
            quoted = 1;
            if (p[1] != '\0') {
                put(&b, p + 1, 1);
                p += 2;
            } else {
                p++;
            }
        } else if (*p == '$') {
            p++;
            parameter(&b, &p);
        } else {
            put(&b, p++, 1);
        }
    }
    if (b.len == 0 && !quoted)
        return NULL;
    return b.s;
}

size_t assignment_name_len(const char *raw)
{
    const char *eq = strchr(raw, '=');

    if (eq == NULL || eq == raw || !var_name_ok(raw, (size_t)(eq - raw)))
        return 0;
    return (size_t)(eq - raw);
}
