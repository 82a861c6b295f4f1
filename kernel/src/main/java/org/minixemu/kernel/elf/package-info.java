/**
 * ELF32 guest programs: a strict parser that the kernel's loader runs on a program's bytes before
 * it maps anything. {@link org.minixemu.kernel.elf.ElfProgram#parse(String, byte[])} accepts only
 * what {@code syslib/lib/minix.ld} produces -- a static, little-endian i386 {@code ET_EXEC} whose
 * {@code PT_LOAD} segments fit in user memory without overlapping -- and returns the entry point
 * and the segments ({@link org.minixemu.kernel.elf.ElfSegment}) sorted by address. Anything else
 * is an {@link org.minixemu.kernel.elf.ElfFormatException} whose one-line message names the
 * program, the field or program header, and what was wrong. {@code syslib/mk/check-elf.sh} checks
 * the same kind of rules on the build side.
 */
package org.minixemu.kernel.elf;
