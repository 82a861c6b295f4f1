package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.EFAULT;
import static org.minixemu.kernel.abi.Abi.EINVAL;
import static org.minixemu.kernel.abi.Abi.OK;

import org.minixemu.devices.PhysicalMemoryMap;

/**
 * Copies between address spaces (or physical memory) for the kernel calls. Both ranges are
 * checked before a byte moves, so a failed copy copies nothing.
 */
final class Copier {
    private static final int CHUNK = 4096;

    private final PhysicalMemoryMap ram;
    private final byte[] buffer = new byte[CHUNK];

    Copier(PhysicalMemoryMap ram) {
        this.ram = ram;
    }

    /**
     * Copies {@code bytes} from {@code src} at {@code srcAddress} to {@code dst} at
     * {@code dstAddress}; a null space means physical memory. Returns OK, EINVAL for a negative
     * count, or EFAULT when any byte is not readable or writable.
     */
    int copy(AddressSpace src, int srcAddress, AddressSpace dst, int dstAddress, int bytes) {
        if (bytes < 0) {
            return EINVAL;
        }
        if (!readable(src, srcAddress, bytes) || !writable(dst, dstAddress, bytes)) {
            return EFAULT;
        }
        if (src == dst && overlaps(srcAddress, dstAddress, bytes)) {
            byte[] all = new byte[bytes]; // rare: a process copying within itself
            read(src, srcAddress, all, 0, bytes);
            write(dst, dstAddress, all, 0, bytes);
            return OK;
        }
        for (int done = 0; done < bytes; done += CHUNK) {
            int n = Math.min(CHUNK, bytes - done);
            read(src, srcAddress + done, buffer, 0, n);
            write(dst, dstAddress + done, buffer, 0, n);
        }
        return OK;
    }

    private static boolean overlaps(int a, int b, int bytes) {
        long x = Integer.toUnsignedLong(a);
        long y = Integer.toUnsignedLong(b);
        return x < y + bytes && y < x + bytes;
    }

    private boolean readable(AddressSpace space, int address, int bytes) {
        return space == null ? ram.isRam(Integer.toUnsignedLong(address), bytes) : space.readable(address, bytes);
    }

    private boolean writable(AddressSpace space, int address, int bytes) {
        return space == null ? ram.isRam(Integer.toUnsignedLong(address), bytes) : space.writable(address, bytes);
    }

    private void read(AddressSpace space, int address, byte[] into, int offset, int n) {
        if (space == null) {
            ram.readInto(address, into, offset, n);
        } else {
            space.read(address, into, offset, n);
        }
    }

    private void write(AddressSpace space, int address, byte[] from, int offset, int n) {
        if (space == null) {
            ram.writeBytes(address, from, offset, n);
        } else {
            space.write(address, from, offset, n);
        }
    }
}
