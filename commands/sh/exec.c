/*
 * exec.c -- runs a parsed line: and-or lists, pipelines, redirections, background jobs.
 *
 * A pipeline of one builtin (or of assignments only) runs in the shell itself, with its
 * redirections undone afterwards; everything else runs in children, one per command, in the
 * shell's process group, so that the terminal's ^C reaches them. The shell itself ignores
 * nothing: it catches SIGINT (main.c) and keeps waiting for its foreground children, which
 * get the default action back before they exec. A background job (`&`) is a child with
 * SIGINT and SIGQUIT ignored (exec keeps them ignored); the shell remembers its pid and
 * reports its end before the next prompt (jobs_report).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define MAX_JOBS 32
static pid_t jobs[MAX_JOBS];
static int in_background;       /* this process is a background job's child shell */

/* ---- status words ---- */

static const char *signal_note(int sig)
{
    switch (sig) {
    case SIGHUP:  return "Hangup";
    case SIGINT:  return "Interrupt";
    case SIGQUIT: return "Quit";
    case SIGILL:  return "Illegal instruction";
    case SIGTRAP: return "Trace trap";
    case SIGABRT: return "Aborted";
    case SIGFPE:  return "Floating point exception";
    case SIGKILL: return "Killed";
    case SIGBUS:  return "Bus error";
    case SIGSEGV: return "Segmentation fault";
    case SIGPIPE: return "Broken pipe";
    case SIGALRM: return "Alarm clock";
    case SIGTERM: return "Terminated";
    case SIGUSR1: return "User signal 1";
    case SIGUSR2: return "User signal 2";
    default:      return NULL;
    }
}

/* The $? of a wait status: the exit code, or 128 + the signal that ended the process.
   note: print the one-line note for a signal (nothing for SIGINT: the terminal echoed "^C"
   and a newline already; nothing for SIGPIPE: a pipeline's reader went away on purpose). */
static int status_of(int st, int note)
{
    int sig;

    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    sig = WTERMSIG(st);
    if (note && sig != SIGINT && sig != SIGPIPE) {
        const char *s = signal_note(sig);

        if (s != NULL)
            fprintf(stderr, "%s\n", s);
        else
            fprintf(stderr, "Signal %d\n", sig);
    }
    return 128 + sig;
}

static int wait_for(pid_t pid, int note)
{
    int st;

    for (;;) {
        pid_t r = waitpid(pid, &st, 0);

        if (r == pid)
            return status_of(st, note);
        if (r < 0 && errno != EINTR)    /* ^C: the child gets it too; keep waiting */
            return 127;
    }
}

void jobs_report(void)
{
    int i, st;

    for (i = 0; i < MAX_JOBS; i++) {
        if (jobs[i] <= 0 || waitpid(jobs[i], &st, WNOHANG) != jobs[i])
            continue;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            fprintf(stderr, "[%d] Done\n", (int)jobs[i]);
        else if (WIFEXITED(st))
            fprintf(stderr, "[%d] Exit %d\n", (int)jobs[i], WEXITSTATUS(st));
        else
            fprintf(stderr, "[%d] %s\n", (int)jobs[i],
                    signal_note(WTERMSIG(st)) ? signal_note(WTERMSIG(st)) : "Killed by a signal");
        jobs[i] = 0;
    }
}

static void job_add(pid_t pid)
{
    int i;

    for (i = 0; i < MAX_JOBS; i++) {
        if (jobs[i] <= 0) {
            jobs[i] = pid;
            return;
        }
    }
    /* table full: the job runs, but its end is not reported (init reaps it later) */
}

/* ---- children ---- */

/* What a child does right after fork: the signals of a foreground or background job. */
static void child_signals(void)
{
    if (in_background) {
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
    } else {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
    }
    if (input_fd() > 2)
        close(input_fd());      /* a script the shell reads is not the child's business */
}

static pid_t sh_fork(void)
{
    pid_t pid;

    fflush(NULL);               /* no buffered output may be written twice */
    pid = fork();
    if (pid < 0)
        fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    else if (pid == 0)
        child_signals();
    return pid;
}

/* ---- redirections ---- */

struct saved_fd { int fd, copy; };

/* Applies c's redirections; if saved is not NULL, remembers the old descriptors there
   (at most nsaved) so that undo_redirs can put them back. 0, or -1 after a message. */
static int do_redirs(struct command *c, struct saved_fd *saved, int nsaved, int *count)
{
    struct redir *r;

    *count = 0;
    for (r = c->redirs; r != NULL; r = r->next) {
        char *target = expand_word(r->word);
        int fd;

        if (target == NULL) {
            fprintf(stderr, "sh: %s: empty redirection target\n", r->word);
            return -1;
        }
        if (r->kind == R_DUP) {
            char *end;
            long v = strtol(target, &end, 10);

            if (*target == '\0' || *end != '\0' || v < 0 || v > 255) {
                fprintf(stderr, "sh: %s: bad file descriptor\n", target);
                return -1;
            }
            fd = (int)v;
        } else {
            int flags = r->kind == R_IN ? O_RDONLY
                      : r->kind == R_OUT ? O_WRONLY | O_CREAT | O_TRUNC
                      : O_WRONLY | O_CREAT | O_APPEND;

            fd = open(target, flags, 0666);
            if (fd < 0) {
                fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
                return -1;
            }
        }
        if (saved != NULL && *count < nsaved) {
            saved[*count].fd = r->fd;
            saved[*count].copy = dup(r->fd);     /* -1: it was closed */
            (*count)++;
        }
        if (fd != r->fd) {
            if (dup2(fd, r->fd) < 0) {
                fprintf(stderr, "sh: %d: %s\n", fd, strerror(errno));
                if (r->kind != R_DUP)
                    close(fd);
                return -1;
            }
            if (r->kind != R_DUP)
                close(fd);
        }
    }
    return 0;
}

static void undo_redirs(struct saved_fd *saved, int count)
{
    while (count-- > 0) {
        if (saved[count].copy >= 0) {
            dup2(saved[count].copy, saved[count].fd);
            close(saved[count].copy);
        } else {
            close(saved[count].fd);
        }
    }
}

/* ---- one simple command ---- */

struct expanded {
    char **argv;        /* words after the assignments, expanded */
    int argc;
    char **assigns;     /* NAME=value, expanded */
    int nassigns;
};

static int expand_command(struct command *c, struct expanded *e)
{
    int i;

    e->argv = sh_alloc((size_t)(c->nwords + 1) * sizeof(char *));
    e->assigns = sh_alloc((size_t)(c->nwords + 1) * sizeof(char *));
    if (e->argv == NULL || e->assigns == NULL)
        return -1;
    e->argc = e->nassigns = 0;
    for (i = 0; i < c->nwords; i++) {
        size_t nl = e->argc == 0 ? assignment_name_len(c->words[i]) : 0;

        if (nl > 0) {
            char *v = expand_word(c->words[i] + nl + 1);
            char *a = sh_alloc(nl + 2 + (v ? strlen(v) : 0));

            if (a == NULL)
                return -1;
            memcpy(a, c->words[i], nl + 1);
            strcpy(a + nl + 1, v ? v : "");
            e->assigns[e->nassigns++] = a;
        } else {
            char *w = expand_word(c->words[i]);

            if (w != NULL)
                e->argv[e->argc++] = w;
        }
    }
    e->argv[e->argc] = NULL;
    return 0;
}

/* Execs argv[0] (searched in PATH unless it holds a '/'); returns only on failure, after
   the message, with the status to exit with. */
static int exec_program(struct expanded *e)
{
    char **env = vars_environ(e->assigns, e->nassigns);
    const char *name = e->argv[0];
    const char *path = var_get("PATH");
    int err = ENOENT;

    if (strchr(name, '/') != NULL) {
        execve(name, e->argv, env);
        err = errno;
    } else {
        const char *p;

        if (path == NULL)
            path = "/bin";
        for (p = path;; ) {
            const char *colon = strchr(p, ':');
            size_t dl = colon ? (size_t)(colon - p) : strlen(p);
            char full[1024];

            if (dl + strlen(name) + 2 <= sizeof full) {
                if (dl == 0) {
                    strcpy(full, name);     /* an empty entry: the current directory */
                } else {
                    memcpy(full, p, dl);
                    full[dl] = '/';
                    strcpy(full + dl + 1, name);
                }
                execve(full, e->argv, env);
                if (errno != ENOENT && errno != ENOTDIR)
                    err = errno;            /* found but not runnable: say why */
            }
            if (colon == NULL)
                break;
            p = colon + 1;
        }
    }
    if (err == ENOENT) {
        fprintf(stderr, "sh: %s: not found\n", name);
        return 127;
    }
    fprintf(stderr, "sh: %s: %s\n", name, strerror(err));
    return 126;
}

/* In a child: runs c to the end (builtin or program) and exits. */
static _Noreturn void run_in_child(struct command *c)
{
    struct expanded e;
    builtin_fn b;
    int count;

    if (expand_command(c, &e) < 0) {
        fprintf(stderr, "sh: out of memory\n");
        _exit(2);
    }
    if (do_redirs(c, NULL, 0, &count) < 0)
        _exit(1);
    if (e.argc == 0)
        _exit(0);
    b = builtin_find(e.argv[0]);
    if (b != NULL) {
        int i, st;

        for (i = 0; i < e.nassigns; i++) {
            char *eq = strchr(e.assigns[i], '=');

            *eq = '\0';
            var_set(e.assigns[i], eq + 1, 1);
            *eq = '=';
        }
        st = b(e.argc, e.argv);
        fflush(NULL);
        _exit(st);
    }
    _exit(exec_program(&e));
}

/* A lone command that runs in the shell: assignments only, or a builtin. */
static int run_here(struct command *c, builtin_fn b, struct expanded *e)
{
    struct saved_fd saved[16];
    int count, st, i;

    if (do_redirs(c, saved, 16, &count) < 0) {
        fflush(stdout);
        undo_redirs(saved, count);
        return 1;
    }
    if (b == NULL) {
        for (i = 0; i < e->nassigns; i++) {
            char *eq = strchr(e->assigns[i], '=');

            *eq = '\0';
            var_set(e->assigns[i], eq + 1, 0);
            *eq = '=';
        }
        st = 0;
    } else {
        st = b(e->argc, e->argv);       /* prefix assignments do not stick to builtins */
    }
    fflush(stdout);
    undo_redirs(saved, count);
    return st;
}

/* ---- pipelines and lists ---- */

static int run_pipeline(struct pipeline *pl)
{
    struct command *c;
    pid_t pids[64], last = -1;
    int n = 0, in = -1, i, st = 0;

    if (pl->ncmds == 1) {
        struct expanded e;
        builtin_fn b = NULL;

        if (expand_command(pl->cmds, &e) < 0) {
            fprintf(stderr, "sh: out of memory\n");
            return 2;
        }
        if (e.argc > 0)
            b = builtin_find(e.argv[0]);
        if (e.argc == 0 || b != NULL)
            return run_here(pl->cmds, b, &e);
    }
    if (pl->ncmds > 64) {
        fprintf(stderr, "sh: pipeline too long (64 commands at most)\n");
        return 2;
    }
    for (c = pl->cmds; c != NULL; c = c->next) {
        int fds[2] = { -1, -1 };
        pid_t pid;

        if (c->next != NULL && pipe(fds) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            break;
        }
        pid = sh_fork();
        if (pid == 0) {
            if (in >= 0) {
                dup2(in, 0);
                close(in);
            }
            if (fds[1] >= 0) {
                dup2(fds[1], 1);
                close(fds[1]);
                close(fds[0]);
            }
            run_in_child(c);
        }
        if (in >= 0)
            close(in);
        if (fds[1] >= 0)
            close(fds[1]);
        in = fds[0];
        if (pid < 0) {
            if (in >= 0)
                close(in);
            in = -1;
            break;
        }
        pids[n++] = pid;
        last = pid;
    }
    if (in >= 0)
        close(in);
    if (n < pl->ncmds)
        st = 2;
    for (i = 0; i < n; i++) {
        /* one note per pipeline: ^\ kills every command, "Quit" once is enough */
        int s = wait_for(pids[i], pids[i] == last);

        if (pids[i] == last && n == pl->ncmds)
            st = s;
    }
    return st;
}

static int run_andor(struct andor *ao)
{
    struct pipeline *pl;
    int st = 0;
    enum link_op prev = L_NONE;

    for (pl = ao->pipes; pl != NULL; pl = pl->next) {
        if ((prev == L_AND && st != 0) || (prev == L_OR && st == 0)) {
            prev = pl->op;              /* skipped: the status carries on */
            continue;
        }
        st = run_pipeline(pl);
        sh_status = st;
        prev = pl->op;
    }
    return st;
}

int run_list(struct andor *list)
{
    struct andor *ao;

    for (ao = list; ao != NULL; ao = ao->next) {
        if (ao->background) {
            pid_t pid;

            in_background = 1;
            pid = sh_fork();
            if (pid == 0)
                _exit(run_andor(ao));
            in_background = 0;
            if (pid > 0) {
                if (sh_interactive)
                    fprintf(stderr, "[%d]\n", (int)pid);
                job_add(pid);
                sh_status = 0;
            } else {
                sh_status = 2;
            }
        } else {
            sh_status = run_andor(ao);
        }
        if (sh_got_sigint && !sh_interactive)
            break;                      /* a script stops at ^C */
    }
    return sh_status;
}
