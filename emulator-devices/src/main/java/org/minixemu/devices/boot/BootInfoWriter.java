package org.minixemu.devices.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * Lays out the block of low memory the loader hands the kernel: the multiboot information
 * structure, the memory map, the module list, a GDT, and the strings, in that order.
 *
 * <pre>
 *  +0              information structure (116 bytes, 120 reserved)
 *  +120            memory map: entries of 24 bytes (size = 20, base, length, type)
 *  then            module list: 16 bytes per module (mod_start, mod_end, string, reserved = 0)
 *  then            GDT: null, 0x08 flat 32-bit code, 0x10 flat 32-bit data (8-byte aligned)
 *  then            strings, NUL-terminated: command line, module strings, boot loader name
 *  then            4 KiB of zeroes, 16-byte aligned: a stack for the kernel's first instructions
 * </pre>
 *
 * <p>The specification leaves ESP undefined, but QEMU and GRUB enter with a usable stack in low
 * memory, and kernels that make a call before setting up their own work there; ESP at the top of
 * this area lets them work here too.
 */
final class BootInfoWriter {
    /** Information structure flags this loader sets. */
    static final int INFO_MEMORY = 1, INFO_CMDLINE = 1 << 2, INFO_MODULES = 1 << 3, INFO_MEMORY_MAP = 1 << 6,
            INFO_BOOT_LOADER_NAME = 1 << 9;
    static final int INFO_SIZE = 120;
    static final int MMAP_ENTRY_SIZE = 24;
    static final int MODULE_ENTRY_SIZE = 16;
    static final int GDT_ENTRIES = 3;
    static final int GDT_SIZE = 8 * GDT_ENTRIES;
    /** Size of the entry stack at the end of the block. */
    static final int STACK_SIZE = 4096;
    /** The GDT's descriptors: flat 4 GiB, ring 0, 32-bit, already marked accessed. */
    static final long GDT_CODE = 0x00CF9B000000FFFFL;
    static final long GDT_DATA = 0x00CF93000000FFFFL;

    private final int ramSize;
    private final byte[] cmdline;
    private final List<MultibootBoot.LoadedModule> modules;
    private final byte[][] moduleStrings;
    private final byte[] loaderName;
    private final List<MemoryRange> memoryMap;

    BootInfoWriter(int ramSize, byte[] cmdline, List<MultibootBoot.LoadedModule> modules, byte[][] moduleStrings,
            byte[] loaderName) {
        this.ramSize = ramSize;
        this.cmdline = cmdline;
        this.modules = modules;
        this.moduleStrings = moduleStrings;
        this.loaderName = loaderName;
        this.memoryMap = MemoryRange.pcMap(ramSize);
    }

    int memoryMapOffset() {
        return INFO_SIZE;
    }

    int moduleListOffset() {
        return memoryMapOffset() + MMAP_ENTRY_SIZE * memoryMap.size();
    }

    int gdtOffset() {
        return moduleListOffset() + MODULE_ENTRY_SIZE * modules.size();
    }

    private int stringsOffset() {
        return gdtOffset() + GDT_SIZE;
    }

    private int stringsSize() {
        int strings = cmdline.length + 1 + loaderName.length + 1;
        for (byte[] s : moduleStrings) {
            strings += s.length + 1;
        }
        return strings;
    }

    /** Offset of the entry stack's top (ESP) from the block's base: the block's end. */
    int stackTopOffset() {
        return size();
    }

    /** Total size of the block in bytes, the stack included; a multiple of 16. */
    int size() {
        return ((stringsOffset() + stringsSize() + 15) & ~15) + STACK_SIZE;
    }

    /** The block as it must appear at physical address {@code base} (16-byte aligned). */
    byte[] build(int base) {
        ByteBuffer b = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        int strings = stringsOffset();
        int cmdlineAt = strings;
        strings = putString(b, strings, cmdline);
        int[] moduleStringAt = new int[moduleStrings.length];
        for (int i = 0; i < moduleStrings.length; i++) {
            moduleStringAt[i] = strings;
            strings = putString(b, strings, moduleStrings[i]);
        }
        int loaderNameAt = strings;
        putString(b, strings, loaderName);

        b.putInt(0, INFO_MEMORY | INFO_CMDLINE | INFO_MODULES | INFO_MEMORY_MAP | INFO_BOOT_LOADER_NAME);
        b.putInt(4, Math.min(ramSize, MemoryRange.EBDA_START) / 1024);          // mem_lower, KiB
        b.putInt(8, Math.max(0, ramSize - PhysicalMemoryMap.HOLE_END) / 1024);  // mem_upper, KiB from 1 MiB
        // 12 boot_device: not provided (flag 1 clear), left 0.
        b.putInt(16, base + cmdlineAt);
        b.putInt(20, modules.size());
        b.putInt(24, base + moduleListOffset());
        // 28-43 symbol tables: not provided (flags 4 and 5 clear).
        b.putInt(44, MMAP_ENTRY_SIZE * memoryMap.size());
        b.putInt(48, base + memoryMapOffset());
        // 52-63 drives, config table: not provided.
        b.putInt(64, base + loaderNameAt);
        // 68- APM, VBE, framebuffer: not provided, left 0.

        int at = memoryMapOffset();
        for (MemoryRange r : memoryMap) {
            b.putInt(at, MMAP_ENTRY_SIZE - 4);
            b.putLong(at + 4, r.base());
            b.putLong(at + 12, r.length());
            b.putInt(at + 20, r.type());
            at += MMAP_ENTRY_SIZE;
        }
        at = moduleListOffset();
        for (int i = 0; i < modules.size(); i++) {
            b.putInt(at, modules.get(i).start());
            b.putInt(at + 4, modules.get(i).end());
            b.putInt(at + 8, base + moduleStringAt[i]);
            at += MODULE_ENTRY_SIZE;
        }
        b.putLong(gdtOffset() + 8, GDT_CODE);
        b.putLong(gdtOffset() + 16, GDT_DATA);
        return b.array();
    }

    private static int putString(ByteBuffer b, int at, byte[] s) {
        b.put(at, s);
        return at + s.length + 1; // the buffer is zeroed: the NUL is already there
    }
}
