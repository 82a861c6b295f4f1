# libc.mk -- how user programs (commands/) are compiled and linked: with libc, not libsys.
#
# Included after guest.mk (by syslib/Makefile and commands.mk). User programs see libc's
# headers first (libc/include, then the numbers generated from the ABI), then syslib's
# (string.h, limits.h, <minix/ipc.h> for the few that talk to a server directly).
# System processes keep guest.mk's GUEST_CFLAGS and libsys.a.

LIBC_DIR         := $(SYSLIB_DIR)/libc
LIBC_GEN_INCLUDE := $(SYSLIB_OUT)/libc/include

# The user's start file and library. ucrt0.o is syslib's crt0.S assembled with _exit
# renamed exit, so that returning from main runs atexit handlers and flushes stdio
# (libc's _exit is the POSIX one, which does neither).
USER_CRT0 := $(SYSLIB_OUT)/ucrt0.o
LIBC_LIB  := $(SYSLIB_OUT)/libc.a

USER_CFLAGS := $(patsubst -I$(SYSLIB_DIR)/include,\
                 -I$(LIBC_DIR)/include -I$(LIBC_GEN_INCLUDE) -I$(SYSLIB_DIR)/include,\
                 $(GUEST_CFLAGS))
USER_ASFLAGS := $(patsubst -I$(SYSLIB_DIR)/include,\
                 -I$(LIBC_DIR)/include -I$(LIBC_GEN_INCLUDE) -I$(SYSLIB_DIR)/include,\
                 $(GUEST_ASFLAGS))
