# guest.mk -- the one place that says how C code for the emulated i386 is built.
#
# Included by syslib/Makefile and (through programs.mk) by servers/ and drivers/.
# The guest is freestanding: stock host gcc and binutils are the only requirement, no
# cross compiler, no 32-bit libc. See DESIGN.md section 1.

# Where syslib lives, found from this file so that includers may sit anywhere.
SYSLIB_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

GUEST_CC ?= gcc
GUEST_LD ?= ld
GUEST_AR ?= ar

# The flags fixed by DESIGN.md, in one list.
GUEST_ARCH_FLAGS := -m32 -march=i386 -ffreestanding -nostdlib -fno-pic -fno-pie \
                    -fno-stack-protector -static

# -nostdinc + gcc's own include dir: the guest sees only the freestanding headers
# (stddef.h, stdint.h, stdarg.h, ...) and ours, never the host's 64-bit glibc headers.
# -g: debug info, so GDB on --gdb shows sources, backtraces and variables; it costs no guest
# memory (minix.ld keeps the .debug sections out of the loaded segments).
# -fno-builtin: our libc is the definition of these functions; gcc must not assume
# host semantics for them. -fno-asynchronous-unwind-tables: there is no unwinder in
# the guest, so .eh_frame would only be dead weight.
# -ffile-prefix-map: the checkout's path becomes "." in debug info and __FILE__, so a program's
# bytes (and the boot partition's size, hence the memory the system reports free) do not depend
# on where the repository was cloned; GDB started at the repository's root finds the sources.
GUEST_CFLAGS := $(GUEST_ARCH_FLAGS) -O2 -g -std=c11 -Wall -Wextra -fno-builtin \
                -fno-asynchronous-unwind-tables \
                -ffile-prefix-map=$(abspath $(SYSLIB_DIR)/..)=. \
                -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
                -I$(SYSLIB_DIR)/include -I$(SYSLIB_DIR)/target/include
GUEST_ASFLAGS := $(GUEST_ARCH_FLAGS) -I$(SYSLIB_DIR)/include -I$(SYSLIB_DIR)/target/include

# <minix/abi.h> is generated from the one ABI definition file (DESIGN.md section 4) by the
# same generator that writes the kernel's Java constants. Every object waits for it.
ABI_DIR    := $(abspath $(SYSLIB_DIR)/../abi)
ABI_HEADER := $(SYSLIB_DIR)/target/include/minix/abi.h
JAVA       ?= java

$(ABI_HEADER): $(ABI_DIR)/minix.abi $(ABI_DIR)/AbiGen.java
	$(JAVA) $(ABI_DIR)/AbiGen.java c $(ABI_DIR)/minix.abi $@

# The header rule is not the includer's default goal: the includer's first target is.
.DEFAULT_GOAL :=

# Every program is a static ELF32 ET_EXEC laid out by our own linker script.
# --orphan-handling=error: a section the script does not place (TLS, constructors, ...)
# would silently not be loaded the way we expect, so it must stop the build.
# -z noseparate-code: headers, code and read-only data in one R-X segment (the classic
# layout; ld's default would add a separate read-only segment in front of the code).
# -z noexecstack: the guest stack is never executable, whatever an object's notes say.
# --fatal-warnings: e.g. an RWX segment is an error, not noise.
GUEST_LDSCRIPT := $(SYSLIB_DIR)/lib/minix.ld
GUEST_LDFLAGS  := -m elf_i386 -static -nostdlib -T $(GUEST_LDSCRIPT) \
                  -z noseparate-code -z noexecstack \
                  --orphan-handling=error --fatal-warnings

# syslib's outputs that every program links against.
SYSLIB_OUT  := $(SYSLIB_DIR)/target
SYSLIB_CRT0 := $(SYSLIB_OUT)/crt0.o
SYSLIB_LIB  := $(SYSLIB_OUT)/libsys.a

# Checks a linked program's ELF headers; exits non-zero on anything the loader would reject.
CHECK_ELF := $(SYSLIB_DIR)/mk/check-elf.sh

# Objects go under $(OBJDIR), named after the whole source name (foo.c -> foo.c.o) so
# that foo.c and foo.S in one folder cannot collide. -MMD -MP: header dependencies.
# Includers set OBJDIR before including this file (the rules below expand it at once).
OBJDIR ?= target/obj

$(OBJDIR)/%.c.o: %.c | $(ABI_HEADER)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) $(CFLAGS_$(<D)) -MMD -MP -c $< -o $@

$(OBJDIR)/%.S.o: %.S | $(ABI_HEADER)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@
