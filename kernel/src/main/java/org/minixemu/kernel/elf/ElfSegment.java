package org.minixemu.kernel.elf;

import java.util.Arrays;

/**
 * One loadable ({@code PT_LOAD}) segment of a guest program: {@code fileSize} bytes from
 * {@code fileOffset} in the file go to {@code virtualAddress}, followed by zeroes up to
 * {@code memorySize} (the .bss). All four numbers are unsigned 32-bit ELF fields held in longs, so
 * that sums of them cannot overflow.
 *
 * <p>Segments from {@link ElfProgram#parse} are non-empty, lie in user memory and do not overlap
 * each other, though two may share a page; the loader gives such a page the union of their
 * permissions.
 *
 * @param virtualAddress where the segment starts in the program's address space (p_vaddr)
 * @param memorySize     its size in memory (p_memsz)
 * @param fileOffset     where its initialised bytes start in the file (p_offset)
 * @param fileSize       how many initialised bytes it has (p_filesz, at most p_memsz)
 * @param readable       p_flags has PF_R
 * @param writable       p_flags has PF_W
 * @param executable     p_flags has PF_X
 */
public record ElfSegment(long virtualAddress, long memorySize, long fileOffset, long fileSize,
        boolean readable, boolean writable, boolean executable) {

    private static final long FOUR_GIB = 1L << 32;

    /**
     * Checks that the numbers describe a segment that fits in 32 bits, with no more file bytes
     * than memory bytes.
     *
     * @throws IllegalArgumentException if they do not
     */
    public ElfSegment {
        if (!u32(virtualAddress) || !u32(memorySize) || !u32(fileOffset) || !u32(fileSize)
                || virtualAddress + memorySize > FOUR_GIB || fileOffset + fileSize > FOUR_GIB) {
            throw new IllegalArgumentException(String.format(
                    "segment at 0x%x (memory size 0x%x, file bytes 0x%x+0x%x) does not fit in 32 bits",
                    virtualAddress, memorySize, fileOffset, fileSize));
        }
        if (fileSize > memorySize) {
            throw new IllegalArgumentException(String.format(
                    "segment at 0x%x has more file bytes (0x%x) than memory bytes (0x%x)",
                    virtualAddress, fileSize, memorySize));
        }
    }

    private static boolean u32(long value) {
        return value >= 0 && value < FOUR_GIB;
    }

    /** One past the segment's last byte in memory. */
    public long end() {
        return virtualAddress + memorySize;
    }

    /** True when {@code address} is one of the segment's bytes in memory. */
    public boolean contains(long address) {
        return address >= virtualAddress && address < end();
    }

    /** Its permissions the way {@code minix.ld} writes them: {@code "R-X"}, {@code "RW-"}. */
    public String permissions() {
        return Elf.permissions(readable, writable, executable);
    }

    /**
     * A copy of the segment's initialised bytes (the first {@link #fileSize()} bytes of its
     * memory; the loader zeroes the rest).
     *
     * @param file the program file the segment was parsed from
     * @throws IllegalArgumentException if {@code file} is too short to hold them
     */
    public byte[] fileBytes(byte[] file) {
        long fileEnd = fileOffset + fileSize;
        if (fileEnd > file.length) {
            throw new IllegalArgumentException(String.format(
                    "the segment's file bytes 0x%x-0x%x are past the end of a 0x%x-byte file",
                    fileOffset, fileEnd, file.length));
        }
        return Arrays.copyOfRange(file, (int) fileOffset, (int) fileEnd);
    }

    /**
     * The memory range (end exclusive), permissions and file range in hex, e.g.
     * {@code "0x08048000-0x0804834d R-X (file 0x0-0x34d)"}.
     */
    @Override
    public String toString() {
        return String.format("0x%08x-0x%08x %s (file 0x%x-0x%x)",
                virtualAddress, end(), permissions(), fileOffset, fileOffset + fileSize);
    }
}
