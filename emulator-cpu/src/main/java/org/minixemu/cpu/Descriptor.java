package org.minixemu.cpu;

/**
 * Segment and gate descriptors: decoding the 8-byte GDT/LDT/IDT entries, and the attribute word
 * a segment register's hidden part keeps.
 *
 * <p>The attribute word is the descriptor's high dword shifted right by 8 and masked with
 * 0xF0FF: bits 0-3 type, 4 S (code or data), 5-6 DPL, 7 P, 12 AVL, 14 D/B, 15 G.
 */
public final class Descriptor {
    public static final int TYPE_MASK = 0x0F;
    /** S: a code or data segment (0 means a system segment or gate). */
    public static final int CODE_OR_DATA = 1 << 4;
    public static final int DPL_SHIFT = 5;
    public static final int PRESENT = 1 << 7;
    /** D/B: 32-bit code, a 32-bit stack pointer, or a 4 GiB expand-down upper bound. */
    public static final int BIG = 1 << 14;
    public static final int GRANULARITY = 1 << 15;

    /** In a code/data type: executable (code). */
    public static final int TYPE_CODE = 0x8;
    /** Data: expand-down. Code: conforming. */
    public static final int TYPE_EXPAND_DOWN_OR_CONFORMING = 0x4;
    /** Data: writable. Code: readable. */
    public static final int TYPE_WRITABLE_OR_READABLE = 0x2;
    public static final int TYPE_ACCESSED = 0x1;

    /** System descriptor types. */
    public static final int TSS16_AVAILABLE = 1, LDT = 2, TSS16_BUSY = 3, CALL_GATE16 = 4, TASK_GATE = 5,
            INTERRUPT_GATE16 = 6, TRAP_GATE16 = 7, TSS32_AVAILABLE = 9, TSS32_BUSY = 11, CALL_GATE32 = 12,
            INTERRUPT_GATE32 = 14, TRAP_GATE32 = 15;

    /** A present, accessed, 32-bit, 4 GiB ring-0 code segment (execute/read): the multiboot CS. */
    public static final int FLAT_CODE32 = PRESENT | CODE_OR_DATA | TYPE_CODE | TYPE_WRITABLE_OR_READABLE
            | TYPE_ACCESSED | BIG | GRANULARITY;
    /** A present, accessed, 32-bit, 4 GiB ring-0 data segment (read/write): the multiboot DS/SS. */
    public static final int FLAT_DATA32 = PRESENT | CODE_OR_DATA | TYPE_WRITABLE_OR_READABLE | TYPE_ACCESSED
            | BIG | GRANULARITY;
    /** What a real-mode load leaves in the hidden part: present, writable data, 16-bit. */
    public static final int REAL_MODE = PRESENT | CODE_OR_DATA | TYPE_WRITABLE_OR_READABLE | TYPE_ACCESSED;

    private Descriptor() {
    }

    /** Base address from the two dwords of a descriptor. */
    public static int base(int low, int high) {
        return (low >>> 16) | ((high & 0xFF) << 16) | (high & 0xFF000000);
    }

    /** Limit in bytes, granularity applied. */
    public static int limit(int low, int high) {
        int raw = (low & 0xFFFF) | (high & 0x000F0000);
        return (high & (GRANULARITY << 8)) != 0 ? (raw << 12) | 0xFFF : raw;
    }

    /** The attribute word (see the class comment). */
    public static int attributes(int high) {
        return (high >>> 8) & 0xF0FF;
    }

    public static int type(int attributes) {
        return attributes & TYPE_MASK;
    }

    public static int dpl(int attributes) {
        return (attributes >>> DPL_SHIFT) & 3;
    }

    public static boolean present(int attributes) {
        return (attributes & PRESENT) != 0;
    }

    public static boolean isCodeOrData(int attributes) {
        return (attributes & CODE_OR_DATA) != 0;
    }

    public static boolean isCode(int attributes) {
        return isCodeOrData(attributes) && (attributes & TYPE_CODE) != 0;
    }

    /** Gate descriptors: the target selector. */
    public static int gateSelector(int low) {
        return low >>> 16;
    }

    /** Gate descriptors: the target offset (the high word only counts for 32-bit gates). */
    public static int gateOffset(int low, int high) {
        return (high & 0xFFFF0000) | (low & 0xFFFF);
    }

    /** Call gates: the number of stack words or dwords to copy. */
    public static int gateParameterCount(int high) {
        return high & 0x1F;
    }
}
