/*
 * parse.c -- turns one line into the command list of sh.h.
 *
 * Grammar (a subset of POSIX sh, on one line):
 *   list     := andor (( ';' | '&' ) andor)* [ ';' | '&' ]
 *   andor    := pipeline (( '&&' | '||' ) pipeline)*
 *   pipeline := command ( '|' command )*
 *   command  := ( WORD | redir )+
 *   redir    := [N] ( '<' | '>' | '>>' ) WORD  |  [N] '>&' M
 * A word keeps its quotes and $ (expand.c removes them when the command runs). '#' at the
 * start of a word begins a comment to the end of the line. A quote must close on its line.
 */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

/* ---- one line's memory: a chain of blocks, all freed after the line ran ---- */

struct block { struct block *next; };
static struct block *blocks;

void *sh_alloc(size_t n)
{
    struct block *b = malloc(sizeof(struct block) + n + 8);

    if (b == NULL)
        return NULL;
    b->next = blocks;
    blocks = b;
    memset(b + 1, 0, n);
    return b + 1;
}

char *sh_strdup(const char *s)
{
    size_t n = strlen(s);
    char *d = sh_alloc(n + 1);

    if (d != NULL)
        memcpy(d, s, n + 1);
    return d;
}

void sh_free_all(void)
{
    while (blocks != NULL) {
        struct block *b = blocks;

        blocks = b->next;
        free(b);
    }
}

/* ---- tokens ---- */

enum tok { T_WORD, T_SEMI, T_AMP, T_AND, T_OR, T_PIPE, T_REDIR, T_END, T_ERROR };

struct lexer {
    const char *p;
    const char *err;
    /* the current token */
    enum tok kind;
    char *word;             /* T_WORD; the target is read separately for T_REDIR */
    int rfd;                /* T_REDIR: descriptor */
    enum redir_kind rkind;
};

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_op(char c) { return c == ';' || c == '&' || c == '|' || c == '<' || c == '>'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads a raw word starting at lx->p (quotes kept); sets lx->err on an open quote. */
static char *read_word(struct lexer *lx)
{
    const char *s = lx->p, *p = lx->p;
    char *w;

    while (*p != '\0' && !is_blank(*p) && !is_op(*p)) {
        if (*p == '\\') {
            p++;
            if (*p != '\0')
                p++;
        } else if (*p == '\'') {
            p = strchr(p + 1, '\'');
            if (p == NULL) {
                lx->err = "unterminated '";
                return NULL;
            }
            p++;
        } else if (*p == '"') {
            p++;
            while (*p != '\0' && *p != '"') {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                p++;
            }
            if (*p != '"') {
                lx->err = "unterminated \"";
                return NULL;
            }
            p++;
        } else if (*p == '$' && p[1] == '{') {
            const char *close = strchr(p, '}');

            if (close == NULL) {
                lx->err = "unterminated ${";
                return NULL;
            }
            p = close + 1;
        } else {
            p++;
        }
    }
    w = sh_alloc((size_t)(p - s) + 1);
    if (w == NULL) {
        lx->err = "out of memory";
        return NULL;
    }
    memcpy(w, s, (size_t)(p - s));
    lx->p = p;
    return w;
}

static void next_token(struct lexer *lx)
{
    const char *p = lx->p;
    int fd = -1;

    while (is_blank(*p))
        p++;
    if (*p == '#') {            /* a comment runs to the end of the line */
        p += strlen(p);
    }
    lx->p = p;
    if (*p == '\0') {
        lx->kind = T_END;
        return;
    }
    /* N> N< N>> N>&: digits glued to the operator name the descriptor */
    if (is_digit(*p)) {
        const char *q = p;
        int v = 0;

        while (is_digit(*q) && v < 1000)
            v = v * 10 + (*q++ - '0');
        if (*q == '<' || *q == '>') {
            fd = v;
            p = q;
        }
    }
    switch (*p) {
    case ';':
        lx->kind = T_SEMI;
        lx->p = p + 1;
        return;
    case '&':
        lx->kind = p[1] == '&' ? T_AND : T_AMP;
        lx->p = p + (p[1] == '&' ? 2 : 1);
        return;
    case '|':
        lx->kind = p[1] == '|' ? T_OR : T_PIPE;
        lx->p = p + (p[1] == '|' ? 2 : 1);
        return;
    case '<':
        lx->kind = T_REDIR;
        lx->rkind = R_IN;
        lx->rfd = fd < 0 ? 0 : fd;
        lx->p = p + 1;
        return;
    case '>':
        lx->kind = T_REDIR;
        lx->rfd = fd < 0 ? 1 : fd;
        if (p[1] == '>') {
            lx->rkind = R_APPEND;
            lx->p = p + 2;
        } else if (p[1] == '&') {
            lx->rkind = R_DUP;
            lx->p = p + 2;
        } else {
            lx->rkind = R_OUT;
            lx->p = p + 1;
        }
        return;
    default:
        break;
    }
    lx->word = read_word(lx);
    lx->kind = lx->word == NULL ? T_ERROR : T_WORD;
}

/* ---- the parser: one token of look-ahead in lx ---- */

static struct command *parse_command(struct lexer *lx)
{
    struct command *c = sh_alloc(sizeof *c);
    struct redir **rtail;
    int cap = 8;

    if (c == NULL || (c->words = sh_alloc(cap * sizeof(char *))) == NULL) {
        lx->err = "out of memory";
        return NULL;
    }
    rtail = &c->redirs;
    for (;;) {
        if (lx->kind == T_WORD) {
            if (c->nwords + 1 >= cap) {
                char **w = sh_alloc(2 * cap * sizeof(char *));

                if (w == NULL) {
                    lx->err = "out of memory";
                    return NULL;
                }
                memcpy(w, c->words, c->nwords * sizeof(char *));
                c->words = w;
                cap *= 2;
            }
            c->words[c->nwords++] = lx->word;
        } else if (lx->kind == T_REDIR) {
            struct redir *r = sh_alloc(sizeof *r);

            if (r == NULL) {
                lx->err = "out of memory";
                return NULL;
            }
            r->fd = lx->rfd;
            r->kind = lx->rkind;
            next_token(lx);
            if (lx->kind != T_WORD) {
                if (lx->err == NULL)
                    lx->err = "a redirection needs a file name";
                return NULL;
            }
            r->word = lx->word;
            *rtail = r;
            rtail = &r->next;
        } else {
            break;
        }
        next_token(lx);
    }
    if (lx->kind == T_ERROR)
        return NULL;
    if (c->nwords == 0 && c->redirs == NULL) {
        lx->err = lx->kind == T_END ? "a command is missing at the end"
                                    : "a command is missing before an operator";
        return NULL;
    }
    c->words[c->nwords] = NULL;
    return c;
}

static struct pipeline *parse_pipeline(struct lexer *lx)
{
    struct pipeline *pl = sh_alloc(sizeof *pl);
    struct command **tail;

    if (pl == NULL) {
        lx->err = "out of memory";
        return NULL;
    }
    tail = &pl->cmds;
    for (;;) {
        struct command *c = parse_command(lx);

        if (c == NULL)
            return NULL;
        *tail = c;
        tail = &c->next;
        pl->ncmds++;
        if (lx->kind != T_PIPE)
            return pl;
        next_token(lx);
    }
}

static struct andor *parse_andor(struct lexer *lx)
{
    struct andor *ao = sh_alloc(sizeof *ao);
    struct pipeline **tail;

    if (ao == NULL) {
        lx->err = "out of memory";
        return NULL;
    }
    tail = &ao->pipes;
    for (;;) {
        struct pipeline *pl = parse_pipeline(lx);

        if (pl == NULL)
            return NULL;
        *tail = pl;
        tail = &pl->next;
        if (lx->kind == T_AND)
            pl->op = L_AND;
        else if (lx->kind == T_OR)
            pl->op = L_OR;
        else
            return ao;
        next_token(lx);
    }
}

struct andor *sh_parse(const char *line, const char **err)
{
    struct lexer lx;
    struct andor *head = NULL, **tail = &head;

    memset(&lx, 0, sizeof lx);
    lx.p = line;
    *err = NULL;
    next_token(&lx);
    while (lx.kind != T_END) {
        struct andor *ao;

        if (lx.kind == T_ERROR)
            break;
        ao = parse_andor(&lx);
        if (ao == NULL)
            break;
        *tail = ao;
        tail = &ao->next;
        if (lx.kind == T_SEMI || lx.kind == T_AMP) {
            ao->background = lx.kind == T_AMP;
            next_token(&lx);
        } else if (lx.kind != T_END) {
            if (lx.err == NULL)
                lx.err = "unexpected operator";
            break;
        }
    }
    if (lx.err != NULL || lx.kind == T_ERROR) {
        *err = lx.err != NULL ? lx.err : "syntax error";
        return NULL;
    }
    return head;
}
