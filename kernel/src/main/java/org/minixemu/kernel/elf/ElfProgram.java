package org.minixemu.kernel.elf;

import java.util.List;
import java.util.Objects;
import org.minixemu.kernel.abi.Abi;

/**
 * A guest program's entry point and loadable segments, read from its ELF32 file by
 * {@link #parse(String, byte[], long)}, which accepts only what the kernel's loader can map: a
 * static, little-endian i386 {@code ET_EXEC} like those {@code syslib/lib/minix.ld} lays out.
 *
 * <p>Instances only come from {@code parse}, so every one satisfies its checks: at least one
 * segment, segments sorted by address, non-overlapping and inside
 * [{@link #USER_BASE}, user limit), and the entry point inside an executable segment.
 */
public final class ElfProgram {
    /** The lowest address a segment may use: page zero stays unmapped to catch NULL pointers. */
    public static final long USER_BASE = Abi.PAGE_SIZE;

    /**
     * The bottom of the stack area, the default end of the room for segments: the stack top
     * (0xF0000000) minus the 64 KiB stack, so 0xEFFF0000. Both come from {@code abi/minix.abi}.
     */
    public static final long DEFAULT_USER_LIMIT = Integer.toUnsignedLong(Abi.USER_STACK_TOP) - Abi.USER_STACK_SIZE;

    private final String name;
    private final long entry;
    private final List<ElfSegment> segments;

    ElfProgram(String name, long entry, List<ElfSegment> segments) {
        this.name = name;
        this.entry = entry;
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses a program whose segments must end at or below {@link #DEFAULT_USER_LIMIT}.
     *
     * @see #parse(String, byte[], long)
     */
    public static ElfProgram parse(String name, byte[] file) {
        return parse(name, file, DEFAULT_USER_LIMIT);
    }

    /**
     * Checks a program file and returns its entry point and loadable segments. Nothing is copied:
     * the segments give offsets into {@code file} (see {@link ElfSegment#fileBytes}).
     *
     * @param name      what messages call the program, e.g. {@code "pong.elf"}
     * @param file      the whole file
     * @param userLimit one past the highest address a segment may use (the bottom of the stack
     *                  area), above {@link #USER_BASE} and at most 4 GiB
     * @throws ElfFormatException       if the file is not a program the loader can map; the message
     *                                  starts with {@code name}
     * @throws IllegalArgumentException if {@code userLimit} is out of range
     */
    public static ElfProgram parse(String name, byte[] file, long userLimit) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (userLimit <= USER_BASE || userLimit > 1L << 32) {
            throw new IllegalArgumentException(String.format(
                    "user limit 0x%x is outside (0x%x, 0x100000000]", userLimit, USER_BASE));
        }
        return new ElfParser(name, file, userLimit).parse();
    }

    /** The name the program was parsed under. */
    public String name() {
        return name;
    }

    /** The entry point (e_entry), an unsigned 32-bit address inside an executable segment. */
    public long entry() {
        return entry;
    }

    /** The non-empty {@code PT_LOAD} segments, sorted by address; an unmodifiable list. */
    public List<ElfSegment> segments() {
        return segments;
    }

    /** The name, entry point and segments, e.g. {@code "tiny.elf: entry 0x08048128, segments [...]"}. */
    @Override
    public String toString() {
        return String.format("%s: entry 0x%08x, segments %s", name, entry, segments);
    }
}
