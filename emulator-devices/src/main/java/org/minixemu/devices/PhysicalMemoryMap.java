package org.minixemu.devices;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.minixemu.cpu.CodePageMarks;
import org.minixemu.cpu.CodeWriteWatcher;
import org.minixemu.cpu.PhysicalMemory;

/**
 * The PC's physical address space: RAM from address 0, the legacy hole at 0xA0000-0xFFFFF, ROMs,
 * and nothing else yet.
 *
 * <ul>
 *   <li>RAM is one {@code byte[]} read and written through little-endian {@link VarHandle}s. It
 *       answers [0, 0xA0000) (conventional memory) and [1 MiB, RAM size) (extended memory). The
 *       RAM behind the hole is never reachable, as on a PC whose chipset does not shadow it.</li>
 *   <li>The hole 0xA0000-0xFFFFF behaves as on a PC without VGA: where no ROM is mapped, reads
 *       return all ones and writes are dropped.</li>
 *   <li>ROMs ({@link #mapRom}) answer their range read-only; writes are ignored.</li>
 *   <li>Everything else reads all ones and ignores writes, as an undecoded PC bus does.</li>
 * </ul>
 *
 * <p>The CPU calls this on every access, so RAM takes a fast path: one unsigned compare for
 * extended memory (where kernels live), a second one for conventional memory. Everything that
 * is not RAM goes to a slow path that looks the address up among the mapped regions; the
 * memory-mapped devices will join the ROMs there. An access that straddles the edge of RAM or of
 * a region is split into byte accesses.
 */
public final class PhysicalMemoryMap implements PhysicalMemory {
    /** Start of the legacy hole (VGA memory, option ROMs, the BIOS). */
    public static final int HOLE_START = 0xA0000;
    /** End of the legacy hole: extended memory starts here (1 MiB). */
    public static final int HOLE_END = 0x100000;

    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] ram;

    /** Where translated code came from, checked on every write to RAM (see {@link #watchCodeWrites}). */
    private final CodePageMarks code;
    private final byte[] codeMarks;
    /** Bytes of conventional memory: RAM in [0, min(size, HOLE_START)). */
    private final int conventional;
    /** Bytes of extended memory: RAM in [HOLE_END, size). */
    private final int extended;
    // The fast-path limits for 1-, 2- and 4-byte accesses: an access of n bytes at a fits when
    // (a - region start) <= region size - n, compared unsigned. Never negative.
    private final int conv1;
    private final int conv2;
    private final int conv4;
    private final int ext1;
    private final int ext2;
    private final int ext4;
    private MappedRegion[] regions = new MappedRegion[0];

    /**
     * Creates the map with {@code ramBytes} of zeroed RAM from address 0.
     *
     * @throws IllegalArgumentException if the size is not positive
     * @throws OutOfMemoryError if the Java heap cannot hold the RAM
     */
    public PhysicalMemoryMap(int ramBytes) {
        if (ramBytes <= 0) {
            throw new IllegalArgumentException("RAM size must be positive: " + ramBytes);
        }
        ram = new byte[ramBytes];
        code = new CodePageMarks(ramBytes);
        codeMarks = code.marks;
        conventional = Math.min(ramBytes, HOLE_START);
        extended = Math.max(0, ramBytes - HOLE_END);
        conv1 = limit(conventional, 1);
        conv2 = limit(conventional, 2);
        conv4 = limit(conventional, 4);
        ext1 = limit(extended, 1);
        ext2 = limit(extended, 2);
        ext4 = limit(extended, 4);
    }

    /** The exclusive bound for (offset) of an n-byte access in a region of {@code size} bytes. */
    private static int limit(int size, int n) {
        return Math.max(0, size - n + 1);
    }

    /** Size of RAM in bytes, including the part the hole hides. */
    public int ramSize() {
        return ram.length;
    }

    /**
     * Maps {@code length} bytes of {@code contents} from {@code start} as ROM at physical
     * {@code base}. The array is shared, not copied, so two mappings of the same array are two
     * aliases of one ROM (as a PC's BIOS appears below 1 MiB and below 4 GiB).
     *
     * @throws IllegalArgumentException if the range is empty, leaves the array, wraps past 4 GiB,
     *     covers reachable RAM, or overlaps another mapping (the message names both)
     */
    public void mapRom(String name, int base, byte[] contents, int start, int length) {
        if (length <= 0 || start < 0 || start > contents.length - length) {
            throw new IllegalArgumentException(name + ": bad ROM range " + start + "+" + length
                    + " of a " + contents.length + "-byte image");
        }
        long from = base & 0xFFFFFFFFL;
        long to = from + length;
        if (to > 1L << 32) {
            throw new IllegalArgumentException(String.format(
                    "%s: ROM at 0x%08X (%d bytes) wraps past 4 GiB", name, from, length));
        }
        if (overlapsRam(from, to)) {
            throw new IllegalArgumentException(String.format(
                    "%s: ROM at 0x%08X-0x%08X overlaps RAM", name, from, to - 1));
        }
        for (MappedRegion r : regions) {
            long rFrom = r.base() & 0xFFFFFFFFL;
            if (from < rFrom + r.size() && rFrom < to) {
                throw new IllegalArgumentException(String.format("%s at 0x%08X-0x%08X overlaps %s at 0x%08X-0x%08X",
                        name, from, to - 1, r.name(), rFrom, rFrom + r.size() - 1));
            }
        }
        MappedRegion[] grown = Arrays.copyOf(regions, regions.length + 1);
        grown[regions.length] = new RomRegion(name, base, contents, start, length);
        regions = grown;
    }

    private boolean overlapsRam(long from, long to) {
        return (from < conventional && to > 0) || (extended > 0 && from < HOLE_END + (long) extended && to > HOLE_END);
    }

    // ---- the CPU's interface: fast path for RAM ------------------------------------------

    @Override
    public int read8(int address) {
        if (Integer.compareUnsigned(address - HOLE_END, ext1) < 0 || Integer.compareUnsigned(address, conv1) < 0) {
            return ram[address] & 0xFF;
        }
        return slowRead(address, 1);
    }

    @Override
    public int read16(int address) {
        if (Integer.compareUnsigned(address - HOLE_END, ext2) < 0 || Integer.compareUnsigned(address, conv2) < 0) {
            return (short) SHORT.get(ram, address) & 0xFFFF;
        }
        return slowRead(address, 2);
    }

    @Override
    public int read32(int address) {
        if (Integer.compareUnsigned(address - HOLE_END, ext4) < 0 || Integer.compareUnsigned(address, conv4) < 0) {
            return (int) INT.get(ram, address);
        }
        return slowRead(address, 4);
    }

    @Override
    public void write8(int address, int value) {
        if (Integer.compareUnsigned(address - HOLE_END, ext1) < 0 || Integer.compareUnsigned(address, conv1) < 0) {
            ram[address] = (byte) value;
            if (codeMarks[address >>> 12] != 0) {
                code.written(address, 1);
            }
        } else {
            slowWrite(address, 1, value);
        }
    }

    @Override
    public void write16(int address, int value) {
        if (Integer.compareUnsigned(address - HOLE_END, ext2) < 0 || Integer.compareUnsigned(address, conv2) < 0) {
            SHORT.set(ram, address, (short) value);
            if ((codeMarks[address >>> 12] | codeMarks[(address + 1) >>> 12]) != 0) {
                code.written(address, 2);
            }
        } else {
            slowWrite(address, 2, value);
        }
    }

    @Override
    public void write32(int address, int value) {
        if (Integer.compareUnsigned(address - HOLE_END, ext4) < 0 || Integer.compareUnsigned(address, conv4) < 0) {
            INT.set(ram, address, value);
            if ((codeMarks[address >>> 12] | codeMarks[(address + 3) >>> 12]) != 0) {
                code.written(address, 4);
            }
        } else {
            slowWrite(address, 4, value);
        }
    }

    @Override
    public byte[] watchCodeWrites(CodeWriteWatcher watcher) {
        return code.watch(watcher);
    }

    @Override
    public byte[] ramArray() {
        return ram;
    }

    @Override
    public boolean isRamPage(int page) {
        return isRam(page & 0xFFFFFFFFL, 4096);
    }

    // ---- slow path: regions, straddling accesses, unmapped addresses -----------------------

    private MappedRegion regionFor(int address, int size) {
        for (MappedRegion r : regions) {
            if (r.contains(address, size)) {
                return r;
            }
        }
        return null;
    }

    private int slowRead(int address, int size) {
        MappedRegion r = regionFor(address, size);
        if (r != null) {
            return r.read(address - r.base(), size);
        }
        if (size == 1) {
            return 0xFF; // nothing decodes this address
        }
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= read8(address + i) << (8 * i);
        }
        return value;
    }

    private void slowWrite(int address, int size, int value) {
        MappedRegion r = regionFor(address, size);
        if (r != null) {
            r.write(address - r.base(), size, value);
        } else if (size > 1) {
            for (int i = 0; i < size; i++) {
                write8(address + i, value >>> (8 * i));
            }
        }
        // size 1 and nothing decodes the address: the write is dropped.
    }

    // ---- bulk access for loaders and tests ---------------------------------------------

    /** Told of every bulk write to RAM ({@link #writeBytes}, {@link #fill}); none by default. */
    private HostWriteListener hostWrites = (address, length) -> { };

    /**
     * Sets who hears of the bulk writes to RAM (the machine wires its CPU, which keeps page
     * translations). The CPU's own word writes and {@link #write32} and friends are not reported:
     * a host that edits page tables word by word flushes the CPU's TLB itself.
     */
    public void setHostWriteListener(HostWriteListener listener) {
        this.hostWrites = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** True when every byte of [address, address + length) is reachable RAM. */
    public boolean isRam(long address, long length) {
        long end = address + length;
        if (address < 0 || length < 0) {
            return false;
        }
        return (end <= conventional) || (address >= HOLE_END && end <= HOLE_END + (long) extended);
    }

    /**
     * Writes {@code length} bytes of {@code data} from {@code offset} at physical {@code address}
     * as the CPU would: RAM takes them, ROM and unmapped addresses drop them.
     */
    public void writeBytes(int address, byte[] data, int offset, int length) {
        if (isRam(address & 0xFFFFFFFFL, length)) {
            System.arraycopy(data, offset, ram, address, length);
            code.written(address, length);
            hostWrites.written(address, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            write8(address + i, data[offset + i]);
        }
    }

    /** Writes {@code length} copies of {@code value} from physical {@code address}, as the CPU would. */
    public void fill(int address, int length, int value) {
        if (isRam(address & 0xFFFFFFFFL, length)) {
            Arrays.fill(ram, address, address + length, (byte) value);
            code.written(address, length);
            hostWrites.written(address, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            write8(address + i, value);
        }
    }

    /**
     * Reads {@code length} bytes from physical {@code address} into {@code into} at
     * {@code offset}, as the CPU would see them: without allocating, for the kernel's copies.
     */
    public void readInto(int address, byte[] into, int offset, int length) {
        if (isRam(address & 0xFFFFFFFFL, length)) {
            System.arraycopy(ram, address, into, offset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            into[offset + i] = (byte) read8(address + i);
        }
    }

    /** Reads {@code length} bytes from physical {@code address}, as the CPU would see them. */
    public byte[] readBytes(int address, int length) {
        byte[] out = new byte[length];
        if (isRam(address & 0xFFFFFFFFL, length)) {
            System.arraycopy(ram, address, out, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                out[i] = (byte) read8(address + i);
            }
        }
        return out;
    }
}
