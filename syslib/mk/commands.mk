# commands.mk -- builds every user program in a folder of programs (commands/).
#
# programs.mk's rules (one program per subfolder, target/<name>.elf, `make check`), with
# libc instead of libsys: libc's headers first on the include path, ucrt0.o and libc.a
# on the link line (see libc.mk).
COMMANDS_MK_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
PROGRAM_CRT0 = $(SYSLIB_OUT)/ucrt0.o
PROGRAM_LIBS = $(SYSLIB_OUT)/libc.a
include $(COMMANDS_MK_DIR)programs.mk
include $(COMMANDS_MK_DIR)libc.mk

# guest.mk's compile rules expand these when they run, so this applies to every object.
GUEST_CFLAGS  := $(USER_CFLAGS)
GUEST_ASFLAGS := $(USER_ASFLAGS)
