/*
 * sys/wait.h -- waiting for children. PM's status word is exit code << 8 | terminating
 * signal (0 when the child exited).
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include <sys/_abi.h>       /* WNOHANG, WUNTRACED */

#define WIFEXITED(s)    (((s) & 0xFF) == 0)
#define WEXITSTATUS(s)  (((s) >> 8) & 0xFF)
#define WIFSIGNALED(s)  (((s) & 0xFF) != 0)
#define WTERMSIG(s)     ((s) & 0xFF)

/* pid > 0 that child, -1 any child, 0 the caller's group, < -1 the group -pid.
   status may be NULL. With WNOHANG, 0 when no child has ended yet. */
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);

#endif /* _SYS_WAIT_H */
