/*
 * env [-i] [NAME=VALUE...] [COMMAND [ARG...]]
 *
 * Without COMMAND: prints the environment (with the assignments applied), one NAME=VALUE a
 * line. With COMMAND: runs it with that environment (-i: only the assignments). A
 * COMMAND without '/' is looked up as /bin/COMMAND; status 127 if it cannot be run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENV 256

static char *env[MAX_ENV + 1];
static int nenv;

/* Adds or replaces NAME=VALUE. */
static int put(char *assign)
{
    size_t nl = (size_t)(strchr(assign, '=') - assign);
    int i;

    for (i = 0; i < nenv; i++) {
        if (strncmp(env[i], assign, nl) == 0 && env[i][nl] == '=') {
            env[i] = assign;
            return 0;
        }
    }
    if (nenv == MAX_ENV)
        return -1;
    env[nenv++] = assign;
    return 0;
}

int main(int argc, char *argv[], char *envp[])
{
    int i = 1;

    if (i < argc && strcmp(argv[i], "-i") == 0)
        i++;
    else
        for (; envp != NULL && *envp != NULL; envp++)
            if (strchr(*envp, '=') != NULL && put(*envp) < 0)
                break;
    for (; i < argc && strchr(argv[i], '=') != NULL && argv[i][0] != '='; i++) {
        if (put(argv[i]) < 0) {
            fprintf(stderr, "env: too many variables (%d at most)\n", MAX_ENV);
            return 1;
        }
    }
    env[nenv] = NULL;
    if (i == argc) {
        for (int j = 0; j < nenv; j++)
            printf("%s\n", env[j]);
        return 0;
    }
    if (strchr(argv[i], '/') == NULL) {
        static char path[256];

        snprintf(path, sizeof path, "/bin/%s", argv[i]);
        execve(path, argv + i, env);
        if (errno == ENOENT)
            execve(argv[i], argv + i, env);     /* as PM names archive members */
    } else {
        execve(argv[i], argv + i, env);
    }
    fprintf(stderr, "env: %s: %s\n", argv[i], errno == ENOENT ? "not found" : strerror(errno));
    return 127;
}
