/*
 * regex.c -- see regex.h. The pattern is parsed into a tree, the tree is compiled into a
 * program for a Thompson/Pike automaton (CHAR, ANY, SET, SPLIT, JMP, BOL, EOL, MATCH), and
 * the program is run over the text keeping the set of live states, one step per character.
 * Patterns are short (a key is at most DS_MAX_KEYLEN bytes), so everything is fixed-size and
 * static: DS runs one request at a time.
 */
#include <stdint.h>
#include <string.h>
#include <minix/abi.h>
#include "regex.h"

#define MAX_PATTERN DS_MAX_KEYLEN
#define MAX_NODES   (2 * MAX_PATTERN + 2)
#define MAX_SETS    (MAX_PATTERN / 2 + 1)
#define MAX_PROG    (3 * MAX_PATTERN + 4)

/* --- the tree -------------------------------------------------------------------------- */

enum node_kind { N_EMPTY, N_CHAR, N_ANY, N_SET, N_BOL, N_EOL, N_CAT, N_ALT, N_STAR, N_PLUS, N_QUEST };

struct node {
    uint8_t kind;
    uint8_t c;        /* N_CHAR: the character; N_SET: the set's index */
    int16_t left;     /* N_CAT, N_ALT: both sides; N_STAR, N_PLUS, N_QUEST: left only */
    int16_t right;
};

static struct node nodes[MAX_NODES];
static int nr_nodes;
static uint8_t sets[MAX_SETS][32];  /* one bit per byte value */
static int nr_sets;
static const char *pos;              /* the parser's place in the pattern */
static int bad;                      /* set by the parser on any error */

static int new_node(int kind, int left, int right)
{
    if (nr_nodes == MAX_NODES) {
        bad = 1;
        return 0;
    }
    nodes[nr_nodes].kind = (uint8_t)kind;
    nodes[nr_nodes].c = 0;
    nodes[nr_nodes].left = (int16_t)left;
    nodes[nr_nodes].right = (int16_t)right;
    return nr_nodes++;
}

static int parse_alt(void);

/* After '[': the members up to the closing ']'. */
static int parse_set(void)
{
    uint8_t *bits;
    int negate = 0, first = 1, i, n;

    if (nr_sets == MAX_SETS) {
        bad = 1;
        return 0;
    }
    bits = sets[nr_sets];
    memset(bits, 0, 32);
    if (*pos == '^') {
        negate = 1;
        pos++;
    }
    for (;;) {
        unsigned lo, hi;
        if (*pos == '\0') {
            bad = 1;           /* no closing ']' */
            return 0;
        }
        if (*pos == ']' && !first)
            break;
        if (pos[0] == '[' && pos[1] == ':') {
            bad = 1;           /* character class names are not supported */
            return 0;
        }
        lo = hi = (uint8_t)*pos++;
        if (pos[0] == '-' && pos[1] != ']' && pos[1] != '\0') {
            hi = (uint8_t)pos[1];
            pos += 2;
            if (hi < lo) {
                bad = 1;
                return 0;
            }
        }
        for (i = (int)lo; i <= (int)hi; i++)
            bits[i >> 3] |= (uint8_t)(1u << (i & 7));
        first = 0;
    }
    pos++; /* the ']' */
    if (negate)
        for (i = 0; i < 32; i++)
            bits[i] = (uint8_t)~bits[i];
    bits[0] &= (uint8_t)~1u; /* never the NUL */
    n = new_node(N_SET, 0, 0);
    nodes[n].c = (uint8_t)nr_sets++;
    return n;
}

static int parse_atom(void)
{
    int n;
    char c = *pos++;

    switch (c) {
    case '(':
        n = parse_alt();
        if (*pos != ')') {
            bad = 1;
            return 0;
        }
        pos++;
        return n;
    case '[':
        return parse_set();
    case '.':
        return new_node(N_ANY, 0, 0);
    case '^':
        return new_node(N_BOL, 0, 0);
    case '$':
        return new_node(N_EOL, 0, 0);
    case '\\':
        c = *pos++;
        if (c == '\0') {
            bad = 1;
            return 0;
        }
        break;
    case '*': case '+': case '?': case '{': case '}': case ')':
        bad = 1;   /* nothing to repeat, or unsupported */
        return 0;
    default:
        break;
    }
    n = new_node(N_CHAR, 0, 0);
    nodes[n].c = (uint8_t)c;
    return n;
}

static int parse_repeat(void)
{
    int n = parse_atom();

    while (!bad && (*pos == '*' || *pos == '+' || *pos == '?')) {
        char q = *pos++;
        n = new_node(q == '*' ? N_STAR : q == '+' ? N_PLUS : N_QUEST, n, 0);
    }
    return n;
}

static int parse_cat(void)
{
    int n = -1;

    while (!bad && *pos != '\0' && *pos != '|' && *pos != ')') {
        int r = parse_repeat();
        n = n < 0 ? r : new_node(N_CAT, n, r);
    }
    return n < 0 ? new_node(N_EMPTY, 0, 0) : n;
}

static int parse_alt(void)
{
    int n = parse_cat();

    while (!bad && *pos == '|') {
        pos++;
        n = new_node(N_ALT, n, parse_cat());
    }
    return n;
}

/* --- the program ----------------------------------------------------------------------- */

enum op { I_CHAR, I_ANY, I_SET, I_SPLIT, I_JMP, I_BOL, I_EOL, I_MATCH };

struct inst {
    uint8_t op;
    uint8_t c;        /* I_CHAR: the character; I_SET: the set */
    int16_t x, y;     /* I_JMP: x; I_SPLIT: x and y */
};

static struct inst prog[MAX_PROG];
static int nr_prog;

static int emit(int op)
{
    if (nr_prog == MAX_PROG) {
        bad = 1;
        return 0;
    }
    prog[nr_prog].op = (uint8_t)op;
    prog[nr_prog].c = 0;
    prog[nr_prog].x = prog[nr_prog].y = 0;
    return nr_prog++;
}

static void gen(int n)
{
    struct node *nd = &nodes[n];
    int a, b;

    if (bad)
        return;
    switch (nd->kind) {
    case N_EMPTY:
        break;
    case N_CHAR:
        prog[a = emit(I_CHAR)].c = nd->c;
        break;
    case N_ANY:
        emit(I_ANY);
        break;
    case N_SET:
        prog[a = emit(I_SET)].c = nd->c;
        break;
    case N_BOL:
        emit(I_BOL);
        break;
    case N_EOL:
        emit(I_EOL);
        break;
    case N_CAT:
        gen(nd->left);
        gen(nd->right);
        break;
    case N_ALT:              /* SPLIT L1 L2; L1: left; JMP end; L2: right; end: */
        a = emit(I_SPLIT);
        prog[a].x = (int16_t)nr_prog;
        gen(nd->left);
        b = emit(I_JMP);
        prog[a].y = (int16_t)nr_prog;
        gen(nd->right);
        prog[b].x = (int16_t)nr_prog;
        break;
    case N_STAR:             /* L: SPLIT body end; body; JMP L; end: */
        a = emit(I_SPLIT);
        prog[a].x = (int16_t)nr_prog;
        gen(nd->left);
        prog[emit(I_JMP)].x = (int16_t)a;
        prog[a].y = (int16_t)nr_prog;
        break;
    case N_PLUS:             /* L: body; SPLIT L end; end: */
        a = nr_prog;
        gen(nd->left);
        b = emit(I_SPLIT);
        prog[b].x = (int16_t)a;
        prog[b].y = (int16_t)nr_prog;
        break;
    case N_QUEST:            /* SPLIT body end; body; end: */
        a = emit(I_SPLIT);
        prog[a].x = (int16_t)nr_prog;
        gen(nd->left);
        prog[a].y = (int16_t)nr_prog;
        break;
    }
}

/* Parses and compiles pattern into prog. 0 on success, -1 if the pattern is bad. */
static int compile(const char *pattern)
{
    int root;

    if (pattern == NULL || strlen(pattern) >= MAX_PATTERN)
        return -1;
    nr_nodes = nr_sets = nr_prog = 0;
    bad = 0;
    pos = pattern;
    root = parse_alt();
    if (!bad && *pos != '\0')
        bad = 1;               /* a ')' without its '(' */
    if (!bad)
        gen(root);
    if (!bad)
        emit(I_MATCH);
    return bad ? -1 : 0;
}

/* --- running it -------------------------------------------------------------------------- */

struct states {
    int n;
    int16_t pc[MAX_PROG];
};

static struct states lists[2];
static int seen[MAX_PROG];   /* the step at which a state was last added */
static int step;

/* Adds state pc (and what it leads to without reading a character) at text position i. */
static void add(struct states *l, int pc, int i, int len)
{
    if (seen[pc] == step)
        return;
    seen[pc] = step;
    switch (prog[pc].op) {
    case I_JMP:
        add(l, prog[pc].x, i, len);
        break;
    case I_SPLIT:
        add(l, prog[pc].x, i, len);
        add(l, prog[pc].y, i, len);
        break;
    case I_BOL:
        if (i == 0)
            add(l, pc + 1, i, len);
        break;
    case I_EOL:
        if (i == len)
            add(l, pc + 1, i, len);
        break;
    default:
        l->pc[l->n++] = (int16_t)pc;
        break;
    }
}

int regex_match(const char *pattern, const char *text)
{
    struct states *cur = &lists[0], *next = &lists[1], *t;
    int len, i, k;

    if (compile(pattern) != 0)
        return -1;
    len = (int)strlen(text);
    memset(seen, 0xFF, sizeof seen);   /* -1: never */
    step = 0;
    cur->n = 0;
    add(cur, 0, 0, len);
    for (i = 0; ; i++) {
        unsigned c = (uint8_t)text[i];
        if (i == len) {
            for (k = 0; k < cur->n; k++)
                if (prog[cur->pc[k]].op == I_MATCH)
                    return 1;
            return 0;
        }
        if (cur->n == 0)
            return 0;
        step++;
        next->n = 0;
        for (k = 0; k < cur->n; k++) {
            struct inst *in = &prog[cur->pc[k]];
            int ok;
            switch (in->op) {
            case I_CHAR: ok = c == in->c; break;
            case I_ANY:  ok = 1; break;
            case I_SET:  ok = (sets[in->c][c >> 3] >> (c & 7)) & 1; break;
            default:     ok = 0; break;   /* MATCH before the end: the key is longer */
            }
            if (ok)
                add(next, cur->pc[k] + 1, i + 1, len);
        }
        t = cur;
        cur = next;
        next = t;
    }
}

int regex_valid(const char *pattern)
{
    return compile(pattern) == 0;
}
