package org.minixemu.devices.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The multiboot (v1) header of a kernel file: magic 0x1BADB002, flags and checksum (their sum is
 * 0 modulo 2^32), 4-byte aligned within the first 8192 bytes, followed when flag 16 is set by the
 * a.out-kludge address fields.
 *
 * @param offset where the header starts in the file
 */
record MultibootHeader(int offset, int flags, int headerAddr, int loadAddr, int loadEndAddr, int bssEndAddr,
        int entryAddr) {

    static final int MAGIC = 0x1BADB002;
    /** The header must start within this many bytes of the file. */
    static final int SEARCH_LIMIT = 8192;
    /** Multiboot 2's header magic: a different protocol. */
    static final int MULTIBOOT2_MAGIC = 0xE85250D6;
    /** How far multiboot 2 searches, and how far we look when explaining a missing header. */
    static final int DIAGNOSTIC_LIMIT = 32768;

    /** Flag 0: modules must be page aligned. We always align them. */
    static final int PAGE_ALIGN_MODULES = 1;
    /** Flag 1: mem_* and the memory map must be provided. We always provide them. */
    static final int MEMORY_INFO = 1 << 1;
    /** Flag 2: video mode information must be provided. This machine has no video. */
    static final int VIDEO_MODE = 1 << 2;
    /** Flag 16: the address fields are valid (the a.out kludge). */
    static final int ADDRESS_FIELDS = 1 << 16;
    /** Required-feature bits this loader satisfies. */
    static final int SUPPORTED_REQUIREMENTS = PAGE_ALIGN_MODULES | MEMORY_INFO;

    private static final int BASIC_SIZE = 12;
    private static final int ADDRESS_SIZE = 32;

    boolean hasAddressFields() {
        return (flags & ADDRESS_FIELDS) != 0;
    }

    /**
     * Finds and checks the header in {@code head}, the first bytes of the file (at least the
     * first 8 KiB of it, or all of a shorter file).
     */
    static MultibootHeader find(BootFile file, byte[] head) throws BootException {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int limit = Math.min(head.length, SEARCH_LIMIT);
        int badChecksumAt = -1;
        for (int at = 0; at + 4 <= limit; at += 4) {
            if (b.getInt(at) != MAGIC) {
                continue;
            }
            if (at + BASIC_SIZE > head.length) {
                throw file.problem(String.format(
                        "the multiboot header at offset 0x%X is cut off by the end of the file", at));
            }
            int flags = b.getInt(at + 4);
            if (MAGIC + flags + b.getInt(at + 8) != 0) {
                if (badChecksumAt < 0) {
                    badChecksumAt = at;
                }
                continue;
            }
            return parse(file, b, at, flags);
        }
        if (badChecksumAt >= 0) {
            int flags = b.getInt(badChecksumAt + 4);
            throw file.problem(String.format("the multiboot header at offset 0x%X has a bad checksum"
                    + " (0x%08X; magic + flags + checksum must be 0, checksum 0x%08X would be)",
                    badChecksumAt, b.getInt(badChecksumAt + 8), -(MAGIC + flags)));
        }
        throw file.problem(explainMissing(file, b));
    }

    private static MultibootHeader parse(BootFile file, ByteBuffer b, int at, int flags) throws BootException {
        int required = flags & 0xFFFF & ~SUPPORTED_REQUIREMENTS;
        if (required != 0) {
            throw file.problem("the multiboot header requires what minix-emu cannot provide: "
                    + describeBits(required));
        }
        if ((flags & ADDRESS_FIELDS) == 0) {
            return new MultibootHeader(at, flags, 0, 0, 0, 0, 0);
        }
        if (at + ADDRESS_SIZE > b.capacity()) {
            throw file.problem(String.format("the multiboot header at offset 0x%X sets flag 16 but its address"
                    + " fields are cut off by the end of the file", at));
        }
        return new MultibootHeader(at, flags, b.getInt(at + 12), b.getInt(at + 16), b.getInt(at + 20),
                b.getInt(at + 24), b.getInt(at + 28));
    }

    private static String describeBits(int bits) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 16; bit++) {
            if ((bits & (1 << bit)) != 0) {
                names.add("flag " + bit + (bit == 2 ? " (video mode information; this machine has no display)"
                        : " (not defined by the multiboot 0.6.96 specification)"));
            }
        }
        return String.join(", ", names);
    }

    /** Why no header was found: the most helpful of the near misses, or the plain fact. */
    private static String explainMissing(BootFile file, ByteBuffer b) {
        if (file.size() == 0) {
            return "the file is empty";
        }
        int searched = Math.min(b.capacity(), SEARCH_LIMIT);
        for (int at = 0; at + 4 <= searched; at++) {
            if (b.getInt(at) == MAGIC) {
                return String.format(
                        "the multiboot magic at offset 0x%X is not 4-byte aligned, so it is no header", at);
            }
        }
        for (int at = 0; at + 4 <= b.capacity(); at += 8) {
            if (b.getInt(at) == MULTIBOOT2_MAGIC) {
                return "this is a Multiboot2 kernel (magic 0xE85250D6); minix-emu boots multiboot v1 kernels"
                        + " (magic 0x1BADB002)";
            }
        }
        for (int at = SEARCH_LIMIT; at + 4 <= b.capacity(); at += 4) {
            if (b.getInt(at) == MAGIC) {
                return String.format("no multiboot header in the first 8 KiB (there is a multiboot magic at offset"
                        + " 0x%X, too far into the file)", at);
            }
        }
        return "no multiboot header in the first 8 KiB";
    }
}
