package org.minixemu.devices.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ELF32 i386 executable's program headers: each PT_LOAD segment is loaded at its
 * physical address (p_paddr), its file bytes followed by zeroes up to p_memsz.
 *
 * <p>The entry point is e_entry, except that when it lies in the file part of an executable
 * PT_LOAD segment whose physical and virtual addresses differ (a higher-half kernel linked with
 * AT(...)), it is translated to the physical address, as QEMU and GRUB do.
 */
final class ElfKernel {
    static final int HEADER_SIZE = 52;
    static final int PROGRAM_HEADER_SIZE = 32;
    static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ET_EXEC = 2, ET_DYN = 3;
    static final int EM_386 = 3, EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    static final int PF_X = 1;

    private ElfKernel() {
    }

    /** True when {@code head} starts with the ELF magic. */
    static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    static KernelImage read(BootFile file, byte[] head) throws BootException {
        if (!isElf(head)) {
            throw file.problem("not an ELF file, and its multiboot header does not give load addresses (flag 16)");
        }
        if (head.length < HEADER_SIZE) {
            throw file.problem("truncated ELF: the file ends inside the ELF header (" + head.length + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head[4] == ELFCLASS64) {
            throw file.problem("a 64-bit ELF (ELFCLASS64); minix-emu boots 32-bit i386 kernels only");
        }
        if (head[4] != ELFCLASS32) {
            throw file.problem("not an ELF32 file (EI_CLASS " + head[4] + ")");
        }
        if (head[5] != ELFDATA2LSB) {
            throw file.problem("not a little-endian ELF (EI_DATA " + head[5] + ")");
        }
        int type = h.getShort(16) & 0xFFFF;
        int machine = h.getShort(18) & 0xFFFF;
        if (machine != EM_386) {
            throw file.problem("not an i386 ELF (e_machine " + machine
                    + (machine == EM_X86_64 ? ", x86-64" : "") + "; EM_386 is 3)");
        }
        if (type != ET_EXEC) {
            throw file.problem("not an executable ELF (e_type " + type
                    + (type == ET_DYN ? ", a shared object or PIE" : "") + "; a kernel is ET_EXEC, 2)");
        }
        int entry = h.getInt(24);
        long phoff = h.getInt(28) & 0xFFFFFFFFL;
        int phentsize = h.getShort(42) & 0xFFFF;
        int phnum = h.getShort(44) & 0xFFFF;
        if (phnum == 0) {
            throw file.problem("the ELF has no program headers, so nothing to load");
        }
        if (phentsize < PROGRAM_HEADER_SIZE) {
            throw file.problem("bad ELF: program header size " + phentsize + " (at least 32 expected)");
        }
        long tableEnd = phoff + (long) phentsize * phnum;
        if (tableEnd > file.size()) {
            throw file.problem(String.format("truncated ELF: its %d program headers at offset 0x%X end past the end"
                    + " of the file (%d bytes)", phnum, phoff, file.size()));
        }
        ByteBuffer table = ByteBuffer.wrap(file.read(phoff, (int) (tableEnd - phoff))).order(ByteOrder.LITTLE_ENDIAN);
        List<LoadSegment> segments = new ArrayList<>();
        int physicalEntry = entry;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            if (table.getInt(at) != PT_LOAD) {
                continue;
            }
            long offset = table.getInt(at + 4) & 0xFFFFFFFFL;
            long vaddr = table.getInt(at + 8) & 0xFFFFFFFFL;
            long paddr = table.getInt(at + 12) & 0xFFFFFFFFL;
            long filesz = table.getInt(at + 16) & 0xFFFFFFFFL;
            long memsz = table.getInt(at + 20) & 0xFFFFFFFFL;
            int flags = table.getInt(at + 24);
            String what = "program segment " + i;
            if (filesz > memsz) {
                throw file.problem(String.format("bad ELF: %s has more file bytes (0x%X) than memory bytes (0x%X)",
                        what, filesz, memsz));
            }
            if (offset + filesz > file.size()) {
                throw file.problem(String.format("truncated ELF: %s (0x%X bytes at offset 0x%X) extends past the end"
                        + " of the file (%d bytes)", what, filesz, offset, file.size()));
            }
            if (memsz == 0) {
                continue;
            }
            segments.add(new LoadSegment(what, offset, filesz, paddr, memsz));
            long entryU = entry & 0xFFFFFFFFL;
            if (physicalEntry == entry && (flags & PF_X) != 0 && vaddr != paddr
                    && entryU >= vaddr && entryU < vaddr + filesz) {
                physicalEntry = (int) (entryU - vaddr + paddr);
            }
        }
        if (segments.isEmpty()) {
            throw file.problem("the ELF has no loadable (PT_LOAD) segments");
        }
        return new KernelImage(List.copyOf(segments), physicalEntry);
    }
}
