/*
 * exec.c -- EXEC (m1: i1 path bytes with the NUL, i2 frame bytes, p1 path, p2 frame).
 *
 * PM checks the request, finds the program in the boot archive by its base name (a path
 * "/bin/forktree", "forktree" or "forktree.elf" all find forktree.elf), and asks VM for the
 * new image (VM_EXEC_NEWMEM). VM checks the ELF and the frame before it drops the old image,
 * so every error up to its answer leaves the caller running with an error reply. Then PM
 * resets caught signals and SYS_EXEC starts the program; the kernel ends the caller's
 * SENDREC, so there is no reply.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

/* argc, an empty argv and an empty envp: the smallest frame crt0 can read. */
#define MIN_FRAME 12

int do_exec(void)
{
    static char path[PATH_MAX + 8];
    char name[sizeof mproc[0].name];
    int path_len = m_in.m1_i1, frame_len = m_in.m1_i2;
    uint32_t phys = 0, size = 0, sp, pc;
    const char *base;
    size_t base_len;
    message m;
    int r;

    if (mp->flags & SYSTEM_PROC)
        return EPERM;
    if (path_len > PATH_MAX)
        return ENAMETOOLONG;
    if (path_len < 1)
        return EINVAL;
    if (frame_len > ARG_MAX)
        return E2BIG;
    if (frame_len < MIN_FRAME)
        return EINVAL;
    if (sys_vircopy(mp->endpoint, (uint32_t)(uintptr_t)m_in.m1_p1, SELF,
                    (uint32_t)(uintptr_t)path, (size_t)path_len) != OK)
        return EFAULT;
    if (path[path_len - 1] != '\0' || strlen(path) != (size_t)path_len - 1)
        return EINVAL;

    base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    base_len = strlen(base);
    if (base_len == 0)
        return ENOENT;
    r = bootfs_lookup(base, &phys, &size);
    if (r == ENOENT && base_len + 4 < PATH_MAX) {
        char with_ext[PATH_MAX + 8];

        memcpy(with_ext, base, base_len);
        memcpy(with_ext + base_len, ".elf", 5);
        r = bootfs_lookup(with_ext, &phys, &size);
    }
    if (r != OK)
        return r == EIO ? EIO : ENOENT;

    memset(&m, 0, sizeof m);
    m.m1_i1 = mp->endpoint;
    m.m1_p1 = (void *)(uintptr_t)phys;
    m.m1_i2 = (int32_t)size;
    m.m1_p2 = m_in.m1_p2;
    m.m1_i3 = frame_len;
    r = vm_call(VM_EXEC_NEWMEM, &m);
    if (r != OK)
        return r;              /* the old image is intact: the caller gets the error */
    sp = (uint32_t)(uintptr_t)m.m1_p1;
    pc = (uint32_t)(uintptr_t)m.m1_p2;

    /* The kernel's name for the process: the base name without ".elf". */
    if (base_len > 4 && strcmp(base + base_len - 4, ".elf") == 0)
        base_len -= 4;
    if (base_len >= sizeof name)
        base_len = sizeof name - 1;
    memcpy(name, base, base_len);
    name[base_len] = '\0';

    sig_exec_reset(mp);
    memcpy(mp->name, name, sizeof name);
    mp->exec_sp = sp;
    mp->exec_pc = pc;
    /* VFS closes the close-on-exec descriptors before the new program runs (exec_finish). */
    if (vfs_request(PM_EXEC, mp, 0) == OK) {
        mp->flags |= VFS_WAIT;
        return NO_REPLY;
    }
    exec_finish(mp);
    return NO_REPLY;
}

void exec_finish(struct mproc *rmp)
{
    int r;

    rmp->flags &= ~VFS_WAIT;
    r = sys_exec(rmp->endpoint, rmp->exec_sp, rmp->name, rmp->exec_pc);
    if (r != OK) {
        /* The old image is gone and the new one cannot start: nothing is left to run. */
        printf("exec of %s failed after VM built it: %d\n", rmp->name, r);
        exit_proc(rmp, 0, SIGKILL);
    }
}
