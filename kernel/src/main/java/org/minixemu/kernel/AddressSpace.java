package org.minixemu.kernel;

import java.util.ArrayList;
import java.util.List;
import org.minixemu.cpu.PhysicalMemory;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * One process's i386 page tables, kept in guest RAM where the CPU walks them, and the kernel's
 * own walk of them for copying to and from the process. Pages are 4 KiB, user-accessible, and
 * present only where something was mapped: everything else faults.
 */
final class AddressSpace {
    static final int PRESENT = 0x1, WRITABLE = 0x2, USER = 0x4;

    private final PhysicalMemory ram;
    /** The same memory when it is the machine's map (always, but in unit tests): bulk copies. */
    private final PhysicalMemoryMap map;
    private final FrameAllocator frames;
    private final int directory;
    /** Every frame this space owns (directory, tables, pages), released together. */
    private final List<Integer> owned = new ArrayList<>();

    private AddressSpace(PhysicalMemory ram, FrameAllocator frames, int directory) {
        this.ram = ram;
        this.map = ram instanceof PhysicalMemoryMap m ? m : null;
        this.frames = frames;
        this.directory = directory;
        owned.add(directory);
    }

    /** An empty space, or null when RAM is exhausted. */
    static AddressSpace create(PhysicalMemory ram, FrameAllocator frames) {
        int dir = frames.allocate();
        if (dir < 0) {
            return null;
        }
        clearFrame(ram, dir);
        return new AddressSpace(ram, frames, dir);
    }

    /** The page directory's physical address: the CR3 value. */
    int directory() {
        return directory;
    }

    /**
     * Maps the page at {@code virtualPage} to a fresh zeroed frame (or, if it is mapped already,
     * widens it to writable when asked). Returns the frame's physical address, or -1 when RAM is
     * exhausted.
     */
    int mapZeroed(int virtualPage, boolean writable) {
        int pte = pteAddress(virtualPage, true);
        if (pte < 0) {
            return -1;
        }
        int entry = ram.read32(pte);
        if ((entry & PRESENT) != 0) {
            if (writable) {
                ram.write32(pte, entry | WRITABLE);
            }
            return entry & ~0xFFF;
        }
        int frame = frames.allocate();
        if (frame < 0) {
            return -1;
        }
        clearFrame(ram, frame);
        owned.add(frame);
        ram.write32(pte, frame | PRESENT | USER | (writable ? WRITABLE : 0));
        return frame;
    }

    /**
     * Maps the page at {@code virtualPage} to the frame at {@code physical}, which this space does
     * not own (VM's window onto all of RAM). Returns false when a page table cannot be allocated.
     */
    boolean mapPhysical(int virtualPage, int physical, boolean writable) {
        int pte = pteAddress(virtualPage, true);
        if (pte < 0) {
            return false;
        }
        ram.write32(pte, (physical & ~0xFFF) | PRESENT | USER | (writable ? WRITABLE : 0));
        return true;
    }

    /**
     * The physical address behind {@code virtualAddress} for a user-mode access, or -1 when the
     * page is absent, or read-only and {@code write} is asked.
     */
    int translate(int virtualAddress, boolean write) {
        int pde = ram.read32(directory + ((virtualAddress >>> 22) << 2));
        if ((pde & (PRESENT | USER)) != (PRESENT | USER)) {
            return -1;
        }
        int pte = ram.read32((pde & ~0xFFF) + (((virtualAddress >>> 12) & 0x3FF) << 2));
        if ((pte & (PRESENT | USER)) != (PRESENT | USER) || (write && (pte & WRITABLE) == 0)) {
            return -1;
        }
        return (pte & ~0xFFF) | (virtualAddress & 0xFFF);
    }

    /**
     * Copies {@code length} bytes at {@code address} into {@code into} at {@code offset}. Returns
     * false, having copied nothing, if any byte is not readable by the process. A range within
     * two pages (every message) is walked once per page; longer ones are checked first.
     */
    boolean read(int address, byte[] into, int offset, int length) {
        if (length <= FrameAllocator.PAGE) {
            return copyShort(address, into, offset, length, false, false);
        }
        if (!readable(address, length)) {
            return false;
        }
        int done = 0;
        while (done < length) {
            int va = address + done;
            int chunk = Math.min(length - done, FrameAllocator.PAGE - (va & 0xFFF));
            readPhysical(translate(va, false), into, offset + done, chunk);
            done += chunk;
        }
        return true;
    }

    /**
     * Reads a message of at most a page from a buffer the process must also be able to write
     * (a SENDREC's, which the reply overwrites): false, having copied nothing, if any byte is
     * not writable. One walk per page checks and copies, where a check first would walk twice.
     */
    boolean readWritable(int address, byte[] into, int offset, int length) {
        if (length > FrameAllocator.PAGE) {
            return writable(address, length) && read(address, into, offset, length);
        }
        return copyShort(address, into, offset, length, false, true);
    }

    /**
     * A copy of at most a page's length, so at most two pages: both translated first (one walk
     * each, asking for write permission if {@code writable}), then copied in bulk, so that
     * nothing moves unless every byte can. {@code write}: into the process, else out of it.
     */
    private boolean copyShort(int address, byte[] data, int offset, int length, boolean write, boolean writable) {
        if (length < 0 || Integer.toUnsignedLong(address) + length > 0x1_0000_0000L) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        int first = Math.min(length, FrameAllocator.PAGE - (address & 0xFFF));
        int pa1 = translate(address, writable);
        if (pa1 < 0) {
            return false;
        }
        int pa2 = 0;
        if (first < length) {
            pa2 = translate(address + first, writable);
            if (pa2 < 0) {
                return false;
            }
        }
        if (write) {
            writePhysical(pa1, data, offset, first);
            if (first < length) {
                writePhysical(pa2, data, offset + first, length - first);
            }
        } else {
            readPhysical(pa1, data, offset, first);
            if (first < length) {
                readPhysical(pa2, data, offset + first, length - first);
            }
        }
        return true;
    }

    private void readPhysical(int pa, byte[] into, int offset, int n) {
        if (map != null) {
            map.readInto(pa, into, offset, n);
        } else {
            for (int i = 0; i < n; i++) {
                into[offset + i] = (byte) ram.read8(pa + i);
            }
        }
    }

    /** Every kernel write into guest RAM goes through here (and the map's writeBytes). */
    private void writePhysical(int pa, byte[] from, int offset, int n) {
        if (map != null) {
            map.writeBytes(pa, from, offset, n);
        } else {
            for (int i = 0; i < n; i++) {
                ram.write8(pa + i, from[offset + i]);
            }
        }
    }

    /** Copies into the process; false, having written nothing, if a page is not writable. */
    boolean write(int address, byte[] from, int offset, int length) {
        if (length <= FrameAllocator.PAGE) {
            return copyShort(address, from, offset, length, true, true);
        }
        return writable(address, length) && load(address, from, offset, length);
    }

    /** Whether every byte of the range can be read by the process (and does not wrap). */
    boolean readable(int address, int length) {
        return accessible(address, length, false);
    }

    /** Whether every byte of the range can be written by the process (and does not wrap). */
    boolean writable(int address, int length) {
        return accessible(address, length, true);
    }

    private boolean accessible(int address, int length, boolean write) {
        long start = Integer.toUnsignedLong(address);
        long end = start + length;
        if (length < 0 || end > 0x1_0000_0000L) {
            return false;
        }
        for (long page = start & ~0xFFFL; page < end; page += FrameAllocator.PAGE) {
            if (translate((int) page, write) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The loader's write: copies into mapped pages whatever their protection (a program's code
     * is loaded into pages the program itself may not write). Returns false if a page is absent.
     */
    boolean load(int address, byte[] from, int offset, int length) {
        for (int done = 0; done < length; ) {
            int va = address + done;
            int pa = translate(va, false);
            if (pa < 0) {
                return false;
            }
            int chunk = Math.min(length - done, FrameAllocator.PAGE - (va & 0xFFF));
            writePhysical(pa, from, offset + done, chunk);
            done += chunk;
        }
        return true;
    }

    /**
     * A copy for a fork child: every present user page is copied into a fresh frame with the
     * same protection. Returns null (having released what it took) when RAM runs out.
     */
    AddressSpace copy() {
        AddressSpace child = create(ram, frames);
        if (child == null) {
            return null;
        }
        for (int pd = 0; pd < 1024; pd++) {
            int pde = ram.read32(directory + pd * 4);
            if ((pde & PRESENT) == 0) {
                continue;
            }
            int tableBase = pde & ~0xFFF;
            for (int pt = 0; pt < 1024; pt++) {
                int pte = ram.read32(tableBase + pt * 4);
                if ((pte & (PRESENT | USER)) != (PRESENT | USER)) {
                    continue;
                }
                int page = (pd << 22) | (pt << 12);
                int frame = child.mapZeroed(page, (pte & WRITABLE) != 0);
                if (frame < 0) {
                    child.release();
                    return null;
                }
                int from = pte & ~0xFFF;
                for (int i = 0; i < FrameAllocator.PAGE; i += 4) {
                    ram.write32(frame + i, ram.read32(from + i));
                }
            }
        }
        return child;
    }

    /**
     * A view of page tables someone else built (VM, through VMCTL_SETADDRSPACE): the kernel
     * walks them but owns none of their frames.
     */
    static AddressSpace foreign(PhysicalMemory ram, FrameAllocator frames, int directory) {
        AddressSpace space = new AddressSpace(ram, frames, directory);
        space.owned.clear();
        return space;
    }

    /** Returns every frame to the allocator; the space must not be used afterwards. */
    void release() {
        for (int frame : owned) {
            frames.release(frame);
        }
        owned.clear();
    }

    /** Frames held (directory, tables and pages). */
    int frameCount() {
        return owned.size();
    }

    /** The page-table entry's physical address for {@code virtualPage}, creating the table if asked. */
    private int pteAddress(int virtualPage, boolean create) {
        int pdeAddress = directory + ((virtualPage >>> 22) << 2);
        int pde = ram.read32(pdeAddress);
        if ((pde & PRESENT) == 0) {
            if (!create) {
                return -1;
            }
            int table = frames.allocate();
            if (table < 0) {
                return -1;
            }
            clearFrame(ram, table);
            owned.add(table);
            pde = table | PRESENT | WRITABLE | USER;
            ram.write32(pdeAddress, pde);
        }
        return (pde & ~0xFFF) + (((virtualPage >>> 12) & 0x3FF) << 2);
    }

    private static void clearFrame(PhysicalMemory ram, int frame) {
        if (ram instanceof PhysicalMemoryMap map) {
            map.fill(frame, FrameAllocator.PAGE, 0); // one bulk fill: a boot clears hundreds of frames
            return;
        }
        for (int i = 0; i < FrameAllocator.PAGE; i += 4) {
            ram.write32(frame + i, 0);
        }
    }
}
