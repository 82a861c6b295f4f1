/*
 * builtins.c -- the commands the shell runs itself, because they change the shell:
 * exit, cd, pwd, export, unset, set, help. Each returns its exit status; errors go to
 * stderr as "sh: NAME: ...". Everything else (echo, cat, ps, ...) is a program in /bin.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

static int bi_exit(int argc, char **argv)
{
    int st = sh_status;

    if (argc > 2) {
        fprintf(stderr, "usage: exit [N]\n");
        return 2;
    }
    if (argc == 2) {
        char *end;
        long v = strtol(argv[1], &end, 10);

        if (*argv[1] == '\0' || *end != '\0' || v < 0 || v > 255) {
            fprintf(stderr, "sh: exit: bad number '%s' (0..255)\n", argv[1]);
            return 2;
        }
        st = (int)v;
    }
    fflush(NULL);
    exit(st);
}

static int bi_cd(int argc, char **argv)
{
    const char *dir;
    char cwd[1024];

    if (argc > 2) {
        fprintf(stderr, "usage: cd [DIR]\n");
        return 2;
    }
    dir = argc == 2 ? argv[1] : var_get("HOME");
    if (dir == NULL || *dir == '\0')
        dir = "/";
    if (chdir(dir) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (getcwd(cwd, sizeof cwd) != NULL)
        var_set("PWD", cwd, 0);
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    char cwd[1024];

    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: pwd\n");
        return 2;
    }
    if (getcwd(cwd, sizeof cwd) == NULL) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", cwd);
    return 0;
}

static int bi_export(int argc, char **argv)
{
    int i, st = 0;

    if (argc == 1) {
        vars_print(1);
        return 0;
    }
    for (i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t nl = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

        if (!var_name_ok(argv[i], nl)) {
            fprintf(stderr, "sh: export: '%s': not a valid name\n", argv[i]);
            st = 1;
            continue;
        }
        if (eq != NULL) {
            *eq = '\0';
            var_set(argv[i], eq + 1, 1);
            *eq = '=';
        } else {
            var_export(argv[i]);
        }
    }
    return st;
}

static int bi_unset(int argc, char **argv)
{
    int i, st = 0;

    for (i = 1; i < argc; i++) {
        if (!var_name_ok(argv[i], strlen(argv[i]))) {
            fprintf(stderr, "sh: unset: '%s': not a valid name\n", argv[i]);
            st = 1;
            continue;
        }
        var_unset(argv[i]);
    }
    return st;
}

static int bi_set(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: set   (lists the variables)\n");
        return 2;
    }
    vars_print(0);
    return 0;
}

static int bi_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    builtins_help();
    return 0;
}

static const struct builtin {
    const char *name;
    builtin_fn fn;
    const char *usage;
} builtins[] = {
    { "cd",     bi_cd,     "cd [DIR]             change directory ($HOME or /)" },
    { "exit",   bi_exit,   "exit [N]             leave the shell with status N ($?)" },
    { "export", bi_export, "export [NAME[=V]...] give variables to programs; list" },
    { "help",   bi_help,   "help                 this list" },
    { "pwd",    bi_pwd,    "pwd                  print the current directory" },
    { "set",    bi_set,    "set                  list all variables" },
    { "unset",  bi_unset,  "unset NAME...        forget variables" },
};

builtin_fn builtin_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return builtins[i].fn;
    return NULL;
}

void builtins_help(void)
{
    size_t i;

    printf("Builtins:\n");
    for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        printf("  %s\n", builtins[i].usage);
    printf("Programs in /bin:\n"
           "  cat date ds echo env false free hello kill ps reboot service shutdown\n"
           "  sleep true uptime   (and the guest tests; see docs/using.md)\n"
           "Syntax: a | b, a && b, a || b, a ; b, a &, < > >> 2> 2>&1, 'q' \"q $V\" \\c,\n"
           "  NAME=value, $NAME ${NAME} $? $$ $0..$9 $#, # comment\n");
}
