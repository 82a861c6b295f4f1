# programs.mk -- builds every guest program in a folder of programs (servers/, drivers/).
#
# A program is an immediate subfolder holding .c or .S files; all of them are linked,
# with syslib's crt0.o and libsys.a, into target/<name>.elf. Adding a program is adding
# its folder: no change here or in the includer's Makefile.
#
#   make        builds every program
#   make check  also checks each program's ELF headers (check-elf.sh)

OUT    := target
OBJDIR := $(OUT)/obj

include $(dir $(lastword $(MAKEFILE_LIST)))guest.mk
FOLDER := $(notdir $(CURDIR))

# What every program links with: libsys by default; commands.mk sets libc's.
PROGRAM_CRT0 ?= $(SYSLIB_CRT0)
PROGRAM_LIBS ?= $(SYSLIB_LIB)

PROGRAMS := $(sort $(patsubst %/,%,$(dir $(wildcard */*.c */*.S))))
PROGRAMS := $(filter-out $(OUT),$(PROGRAMS))
ELFS     := $(PROGRAMS:%=$(OUT)/%.elf)

.PHONY: all check clean
all: $(ELFS)
ifeq ($(PROGRAMS),)
	@echo "$(FOLDER): no programs yet"
endif

# One link rule per program. A program folder may also hold its own headers; it is on
# the include path of its own sources only.
define program_rules
$(1)_OBJS := $$(patsubst %,$(OBJDIR)/%.o,$$(sort $$(wildcard $(1)/*.c $(1)/*.S)))
CFLAGS_$(1) += -I$(1)
$(OUT)/$(1).elf: $(PROGRAM_CRT0) $$($(1)_OBJS) $(PROGRAM_LIBS) $(GUEST_LDSCRIPT)
	$(GUEST_LD) $(GUEST_LDFLAGS) -o $$@ $(PROGRAM_CRT0) $$($(1)_OBJS) $(PROGRAM_LIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rules,$(p))))

# In the Maven build syslib is built first (this module depends on it). Run by hand,
# build it if it is missing; it is not rebuilt here when its sources change.
$(PROGRAM_CRT0) $(PROGRAM_LIBS) &:
	$(MAKE) -C $(SYSLIB_DIR) all

check: $(ELFS)
ifeq ($(PROGRAMS),)
	@echo "$(FOLDER): no programs to check"
else
	$(CHECK_ELF) $(ELFS)
endif

clean:
	rm -rf $(OUT)

-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)
