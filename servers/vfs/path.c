/*
 * path.c -- the fixed name space: "/", "/bin" (the boot archive's programs), "/dev" (the
 * device table). A path is made absolute with the caller's working directory, "." and ".."
 * are resolved by name (no links exist), and the result is looked up.
 *
 * Inode numbers (st_ino): 1 "/", 2 "/bin", 3 "/dev", 100 + n the n-th device file,
 * 1000 + the archive offset / 512 a program.
 */
#include <minix/syslib.h>
#include <minix/bootfs.h>
#include <stdio.h>
#include <string.h>
#include "vfs.h"

#define INO_ROOT 1
#define INO_BIN 2
#define INO_DEV 3
#define INO_DEVFILE 100
#define INO_PROG 1000

/* Copies a NUL-terminated path of len bytes (with the NUL) from the caller. */
int copy_path(struct fproc *rfp, uint32_t addr, int len, char *out, size_t cap)
{
    if (len <= 0)
        return EINVAL;
    if ((size_t)len > cap || len > PATH_MAX)
        return ENAMETOOLONG;
    if (sys_vircopy(rfp->endpoint, addr, SELF, (uint32_t)(uintptr_t)out, (size_t)len) != OK)
        return EFAULT;
    if (out[len - 1] != '\0' || strlen(out) != (size_t)len - 1)
        return EINVAL;
    if (out[0] == '\0')
        return ENOENT;
    return OK;
}

#define MAX_COMPONENTS 8

int lookup(struct fproc *rfp, const char *path, struct lookup *res)
{
    static char full[PATH_MAX + CWD_MAX + 2];
    const char *comp[MAX_COMPONENTS];
    size_t clen[MAX_COMPONENTS];
    int n = 0;
    char *p;

    memset(res, 0, sizeof *res);
    res->type = VN_FREE;
    if (path[0] == '/') {
        strcpy(full, path);
    } else {
        snprintf(full, sizeof full, "%s/%s", rfp->cwd, path);
    }
    /* Split into components, resolving "." and "..". */
    p = full;
    while (*p != '\0') {
        char *start;
        size_t len;

        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        start = p;
        while (*p != '\0' && *p != '/')
            p++;
        len = (size_t)(p - start);
        if (len == 1 && start[0] == '.')
            continue;
        if (len == 2 && start[0] == '.' && start[1] == '.') {
            if (n > 0)
                n--;
            continue;
        }
        if (n == MAX_COMPONENTS)
            return ENOENT;
        comp[n] = start;
        clen[n] = len;
        n++;
    }
    if (n == 0) {
        res->type = VN_DIR;
        res->ino = INO_ROOT;
        strcpy(res->path, "/");
        return OK;
    }
    if (clen[0] == 3 && strncmp(comp[0], "bin", 3) == 0) {
        char name[PATH_MAX + 8];
        uint32_t phys, size;
        int r;

        if (n == 1) {
            res->type = VN_DIR;
            res->ino = INO_BIN;
            strcpy(res->path, "/bin");
            return OK;
        }
        if (n > 2)
            return ENOTDIR;
        memcpy(name, comp[1], clen[1]);
        name[clen[1]] = '\0';
        r = bootfs_lookup(name, &phys, &size);
        if (r == ENOENT && clen[1] + 5 < sizeof name) {
            memcpy(name + clen[1], ".elf", 5);
            r = bootfs_lookup(name, &phys, &size);
        }
        if (r != OK)
            return r == EIO ? EIO : ENOENT;
        res->type = VN_PROG;
        res->phys = phys;
        res->size = size;
        res->ino = INO_PROG + (int)(phys / 512 % 1000000);
        return OK;
    }
    if (clen[0] == 3 && strncmp(comp[0], "dev", 3) == 0) {
        if (n == 1) {
            res->type = VN_DIR;
            res->ino = INO_DEV;
            strcpy(res->path, "/dev");
            return OK;
        }
        if (n > 2)
            return ENOTDIR;
        for (int i = 0; i < nr_devnodes; i++)
            if (strlen(devnodes[i].name) == clen[1]
                && strncmp(devnodes[i].name, comp[1], clen[1]) == 0) {
                res->type = VN_DEV;
                res->dev = MKDEV(devnodes[i].major, devnodes[i].minor);
                res->is_block = devnodes[i].is_block;
                res->ino = INO_DEVFILE + i;
                return OK;
            }
        return ENOENT;
    }
    return ENOENT;
}

/* A struct vfs_stat for an open file (f) or a looked-up name (l). */
int stat_fill(const struct filp *f, const struct lookup *l, vfs_stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = VFS_STAT_DEV;
    st->st_nlink = 1;
    st->st_blksize = 512;
    if (f != NULL && f->type == VN_PIPE) {
        st->st_mode = S_IFIFO | 0600;
        st->st_size = (int32_t)pipe_bytes(f->pipe);
        st->st_ino = 10000 + (uint32_t)f->pipe;
        return OK;
    }
    if (l == NULL)
        return EINVAL;
    st->st_ino = (uint32_t)l->ino;
    switch (l->type) {
    case VN_DIR:
        st->st_mode = S_IFDIR | 0555;
        st->st_nlink = 2;
        break;
    case VN_DEV:
        st->st_mode = (l->is_block ? S_IFBLK : S_IFCHR) | 0666;
        st->st_rdev = (uint32_t)l->dev;
        break;
    case VN_PROG:
        st->st_mode = S_IFREG | 0555;
        st->st_size = (int32_t)l->size;
        break;
    default:
        return ENOENT;
    }
    return OK;
}
