# abi-user.awk -- writes the numbers user programs see, from the generated <minix/abi.h>.
#
# User headers (errno.h, signal.h, sys/wait.h, ...) must not include <minix/abi.h>: it
# defines EXIT, READ, WRITE, ... and its error numbers are negative (the system's view).
# This script picks the user-visible constants out of it, so that abi/minix.abi stays the
# one source of every number:
#   mode=errno: every error number (E..., defined negative), made positive
#               (ENOENT (-2) becomes ENOENT 2), as POSIX errno values are;
#   mode=abi:   signals, SA_*, sigprocmask's how, waitpid options, mmap values, RBT_*,
#               the limits, the DS client's types, flags and limits (<minix/ds.h>),
#               copied verbatim (an identical redefinition is harmless if a program
#               includes <minix/abi.h> too), except SIG_DFL/SIG_IGN/SIG_ERR, which
#               <signal.h> turns into handler pointers and so become __ABI_SIG_DFL, ...;
#               ps's PSF_*, PE_ANY/PE_NONE and the kernel's PROC_* state bits (shell helper);
#               and the typedefs user programs need (vm_stats, sigaction_desc, proc_entry) with their
#               layout checks.
BEGIN { section = ""; in_struct = 0 }

/^\/\* .* \*\/$/ && !in_struct { section = $0 }

mode == "errno" && $1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ && $3 ~ /^\(-[0-9]+\)$/ {
    v = $3; gsub(/[()-]/, "", v)
    printf "#define %s %s\n", $2, v
}

mode == "abi" && $1 == "typedef" && $2 == "struct" { in_struct = 1; buf = "" }
mode == "abi" && in_struct {
    buf = buf $0 "\n"
    if ($1 == "}") {
        name = $2; sub(/;$/, "", name)
        in_struct = 0
        # <minix/abi.h> defines the same typedefs: whichever comes first wins.
        if (name == "vm_stats" || name == "sigaction_desc" || name == "proc_entry" || name == "vfs_stat") {
            printf "#ifndef _MINIX_ABI_H\n%s#endif\n", buf; keep = name
        }
        else keep = ""
    }
    next
}
mode == "abi" && /^_Static_assert/ {
    if (keep != "" && index($0, "(" keep) > 0) print
    next
}
# The VFS section (open/fcntl flags, SEEK_*, S_IF*, OPEN_MAX, PIPE_BUF, IOCPARM_MASK), termios
# (flags, c_cc indexes, speeds, ioctl codes) and the device numbers, whole, but for the error
# numbers (errno mode has them) and PM's requests to VFS (system-only). (VFS helper, issue 14)
mode == "abi" && $1 == "#define" && (section ~ /^\/\* VFS \(ours\)/ || section ~ /^\/\* termios/ ||
    section ~ /^\/\* Device numbers/) {
    if ($3 !~ /^\(-/ && $2 !~ /^PM_/) print
    next
}
mode == "abi" && $1 == "#define" && section !~ /POSIX calls: m_type/ {
    n = $2
    if (n == "SIG_DFL" || n == "SIG_IGN" || n == "SIG_ERR") { printf "#define __ABI_%s %s\n", n, $3; next }
    if (n ~ /^SIG[A-Z0-9]+$/ || n ~ /^SA_[A-Z]+$/ || n ~ /^SIG_(BLOCK|UNBLOCK|SETMASK|INQUIRE)$/ ||
        n == "NSIG" || n ~ /^W(NOHANG|UNTRACED)$/ || n ~ /^PROT_/ || n ~ /^MAP_/ ||
        n ~ /^RBT_/ || n == "ARG_MAX" || n == "PATH_MAX" || n ~ /^USER_(STACK|HEAP)_/ ||
        n == "PAGE_SIZE" || n ~ /^(VM_STATS|SIGACTION_DESC)_SIZE$/ ||
        n ~ /^DSF_/ || n ~ /^PSF_[A-Z]+$/ || n ~ /^PE_(ANY|NONE)$/ || n ~ /^PROC_[A-Z_]+$/ || n ~ /^DS_(MAX_KEYLEN|MAX_DATA|MAX_OWNER|NR_KEYS|NR_SUBS)$/)
        print
}
