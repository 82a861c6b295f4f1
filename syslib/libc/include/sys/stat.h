/*
 * sys/stat.h -- stat() and fstat(). struct stat has the layout of the ABI's struct vfs_stat
 * (abi/minix.abi, section "VFS (ours)"), which says what each field holds here: st_mode is a
 * type (S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFREG) and permission bits, st_rdev a device
 * file's major << 8 | minor, st_size a program's or a pipe's bytes; the times are 0.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <sys/_abi.h>

struct stat {
    unsigned int st_dev;
    unsigned int st_ino;
    mode_t st_mode;
    unsigned int st_nlink;
    uid_t st_uid;
    gid_t st_gid;
    unsigned int st_rdev;
    off_t st_size;
    time_t st_atime;
    time_t st_mtime;
    time_t st_ctime;
    int st_blksize;
};

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);

#endif /* _SYS_STAT_H */
