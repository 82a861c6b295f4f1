/*
 * sh.h -- the shell's shared declarations (commands/sh; docs/using.md, "At the shell prompt" is the user's guide).
 *
 * The shell is portable POSIX C: the same sources build for the guest (with syslib's libc)
 * and for the host (`make -C commands check` runs the host build on sh/tests/). A line goes
 * through four steps, one file each:
 *   input.c   read one line (at most SH_LINE_MAX bytes; longer ones are refused whole)
 *   parse.c   split it into words and operators and build the command list (words stay raw:
 *             quotes and $ are kept, so that `a=1; echo $a` sees the new value)
 *   expand.c  just before a command runs: quotes removed, $NAME, ${NAME}, $?, $$, $0..$9, $#
 *   exec.c    pipelines, redirections, background jobs, builtins (builtins.c), PATH search
 * vars.c keeps the variables and builds the environment of the programs it runs.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <sys/types.h>

/* The longest line the shell accepts, newline excluded (the lead's decision: 1024, which
   the console's 4096-byte tty line holds; a longer one is refused whole, $? = 2). */
#define SH_LINE_MAX 1024

/* ---- the command list of one line (parse.c) ---- */

enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUP };  /* <  >  >>  >&N */

struct redir {
    int fd;                 /* the descriptor redirected (0 for <, 1 for >, or the N of N>) */
    enum redir_kind kind;
    char *word;             /* raw target: a file name, or the descriptor number of >& */
    struct redir *next;
};

struct command {            /* one simple command: words and redirections */
    char **words;           /* raw words, NULL-terminated (assignments first, if any) */
    int nwords;
    struct redir *redirs;
    struct command *next;   /* the next command of the pipeline */
};

enum link_op { L_NONE, L_AND, L_OR };   /* how a pipeline links to the next: && or || */

struct pipeline {
    struct command *cmds;
    int ncmds;
    enum link_op op;        /* between this pipeline and the next */
    struct pipeline *next;
};

struct andor {              /* pipelines joined by && and ||, ended by ; & or the line's end */
    struct pipeline *pipes;
    int background;         /* ended by & */
    struct andor *next;
};

/* Parses a line; NULL with *err set (a message) on a syntax error, NULL with *err NULL for
   an empty line. Everything it returns lives until sh_free_all(). */
struct andor *sh_parse(const char *line, const char **err);

/* ---- memory of one line (parse.c): freed all at once when the line has run ---- */
void *sh_alloc(size_t n);
char *sh_strdup(const char *s);
void sh_free_all(void);

/* ---- input (input.c) ---- */
enum read_result { LINE_OK, LINE_EOF, LINE_TOO_LONG, LINE_INTR };
void input_init(int fd);
/* Reads one line without its newline into buf (SH_LINE_MAX + 1 bytes). */
enum read_result input_line(char *buf);
int input_fd(void);

/* ---- variables (vars.c) ---- */
void vars_init(char **envp);
const char *var_get(const char *name);
int var_set(const char *name, const char *value, int export);   /* -1: bad name */
void var_unset(const char *name);
void var_export(const char *name);
int var_name_ok(const char *s, size_t n);      /* a NAME: letter or _, then alnum or _ */
void vars_print(int exported_only);
/* The environment of a program: exported variables, overridden by assigns (NAME=value
   strings, may be NULL). Allocated with sh_alloc. */
char **vars_environ(char **assigns, int nassigns);

/* ---- expansion (expand.c) ---- */
/* The word with quotes removed and parameters expanded; NULL when an unquoted word expanded
   to nothing (the word disappears, as POSIX says). */
char *expand_word(const char *raw);
/* A raw word that is an assignment NAME=...: the length of NAME, else 0. */
size_t assignment_name_len(const char *raw);

/* ---- execution (exec.c, builtins.c) ---- */
int run_list(struct andor *list);       /* returns the status of the last command */
void jobs_report(void);                 /* "[pid] Done" for background jobs that ended */

typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
void builtins_help(void);

/* ---- the shell's state (main.c) ---- */
extern int sh_status;           /* $? */
extern int sh_interactive;      /* prompts, ^C returns to the prompt */
extern pid_t sh_pid;            /* $$ */
extern int sh_argc;             /* $# + 1 */
extern char **sh_argv;          /* $0 .. $9 */
extern volatile int sh_got_sigint;

#endif /* SH_H */
