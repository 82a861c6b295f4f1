/*
 * vars.c -- the shell's variables: a small table of NAME, value and an export mark.
 * The environment the shell was started with is imported, every entry exported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
    char *name;
    char *value;
    int exported;
};

static struct var *vars;
static int nvars, cap;

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

int var_name_ok(const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

static struct var *find(const char *name)
{
    int i;

    for (i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    return NULL;
}

const char *var_get(const char *name)
{
    struct var *v = find(name);

    return v == NULL ? NULL : v->value;
}

int var_set(const char *name, const char *value, int export)
{
    struct var *v;
    char *val;

    if (!var_name_ok(name, strlen(name)))
        return -1;
    val = dup_n(value, strlen(value));
    if (val == NULL)
        return -1;
    v = find(name);
    if (v == NULL) {
        if (nvars == cap) {
            int ncap = cap == 0 ? 32 : cap * 2;
            struct var *nv = realloc(vars, (size_t)ncap * sizeof *nv);

            if (nv == NULL) {
                free(val);
                return -1;
            }
            vars = nv;
            cap = ncap;
        }
        v = &vars[nvars];
        v->name = dup_n(name, strlen(name));
        if (v->name == NULL) {
            free(val);
            return -1;
        }
        v->value = NULL;
        v->exported = 0;
        nvars++;
    }
    free(v->value);
    v->value = val;
    if (export)
        v->exported = 1;
    return 0;
}

void var_unset(const char *name)
{
    struct var *v = find(name);

    if (v == NULL)
        return;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
}

void var_export(const char *name)
{
    struct var *v = find(name);

    if (v != NULL)
        v->exported = 1;
    else
        var_set(name, "", 1);
}

void vars_init(char **envp)
{
    for (; envp != NULL && *envp != NULL; envp++) {
        const char *eq = strchr(*envp, '=');
        char name[128];

        if (eq == NULL || (size_t)(eq - *envp) >= sizeof name)
            continue;
        memcpy(name, *envp, (size_t)(eq - *envp));
        name[eq - *envp] = '\0';
        var_set(name, eq + 1, 1);
    }
}

/* Sorted by name, so the listing does not depend on the order of assignment. */
static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct var *)a)->name, ((const struct var *)b)->name);
}

void vars_print(int exported_only)
{
    int i;

    qsort(vars, (size_t)nvars, sizeof *vars, by_name);
    for (i = 0; i < nvars; i++) {
        if (exported_only && !vars[i].exported)
            continue;
        printf("%s%s=%s\n", exported_only ? "export " : "", vars[i].name, vars[i].value);
    }
}

char **vars_environ(char **assigns, int nassigns)
{
    char **env = sh_alloc((size_t)(nvars + nassigns + 1) * sizeof(char *));
    int i, j, n = 0;

    if (env == NULL)
        return NULL;
    for (i = 0; i < nvars; i++) {
        size_t nl = strlen(vars[i].name), vl = strlen(vars[i].value);
        char *e;

        if (!vars[i].exported)
            continue;
        for (j = 0; j < nassigns; j++)      /* overridden for this command */
            if (strncmp(assigns[j], vars[i].name, nl) == 0 && assigns[j][nl] == '=')
                break;
        if (j < nassigns)
            continue;
        e = sh_alloc(nl + vl + 2);
        if (e == NULL)
            return NULL;
        memcpy(e, vars[i].name, nl);
        e[nl] = '=';
        memcpy(e + nl + 1, vars[i].value, vl + 1);
        env[n++] = e;
    }
    for (j = 0; j < nassigns; j++)
        env[n++] = assigns[j];
    env[n] = NULL;
    return env;
}
