package org.minixemu.kernel;

import java.util.BitSet;

/**
 * Hands out 4 KiB page frames of guest RAM for page tables and process memory. The first
 * megabyte (real-mode area, the ROM hole) is never handed out; frames are taken lowest first so
 * that a boot is reproducible.
 */
final class FrameAllocator {
    static final int PAGE = 4096;
    private static final int FIRST_FRAME = 0x100000 / PAGE;

    private final BitSet used = new BitSet();
    private final int frameCount;
    private int searchFrom = FIRST_FRAME;
    private int free;
    /** Set once the boot is over and VM owns the free memory: nothing more is handed out. */
    private boolean closed;

    FrameAllocator(int ramBytes) {
        this.frameCount = ramBytes / PAGE;
        this.free = Math.max(0, frameCount - FIRST_FRAME);
    }

    /** A free frame's physical address, or -1 when RAM is exhausted. The frame is not cleared. */
    int allocate() {
        if (closed) {
            return -1;
        }
        int frame = used.nextClearBit(searchFrom);
        if (frame >= frameCount) {
            return -1;
        }
        used.set(frame);
        searchFrom = frame + 1;
        free--;
        return frame * PAGE;
    }

    /** Returns a frame from {@link #allocate}. */
    void release(int address) {
        if (closed) {
            throw new IllegalStateException("releasing frame 0x" + Integer.toHexString(address) + " after VM took the memory");
        }
        int frame = address >>> 12;
        if (frame < FIRST_FRAME || frame >= frameCount || !used.get(frame)) {
            throw new IllegalStateException("releasing frame 0x" + Integer.toHexString(address) + " that is not in use");
        }
        used.clear(frame);
        searchFrom = Math.min(searchFrom, frame);
        free++;
    }

    /**
     * {@code count} consecutive free frames (lowest first); the first one's physical address, or
     * -1 when no run is long enough. They are not cleared.
     */
    int allocateContiguous(int count) {
        if (closed || count <= 0) {
            return -1;
        }
        int start = used.nextClearBit(FIRST_FRAME);
        while (start + count <= frameCount) {
            int nextUsed = used.nextSetBit(start);
            if (nextUsed < 0 || nextUsed >= start + count) {
                used.set(start, start + count);
                free -= count;
                return start * PAGE;
            }
            start = used.nextClearBit(nextUsed);
        }
        return -1;
    }

    /** The free memory as {base, bytes} pairs, lowest first. */
    java.util.List<long[]> freeRanges() {
        java.util.List<long[]> ranges = new java.util.ArrayList<>();
        int start = used.nextClearBit(FIRST_FRAME);
        while (start < frameCount) {
            int end = used.nextSetBit(start);
            if (end < 0 || end > frameCount) {
                end = frameCount;
            }
            ranges.add(new long[] {(long) start * PAGE, (long) (end - start) * PAGE});
            start = used.nextClearBit(end);
        }
        return ranges;
    }

    /**
     * Ends the allocator's life: the boot is over and VM owns every free frame (DESIGN.md 3a), so
     * from now on {@link #allocate} answers -1. Releasing is refused too: nothing the kernel
     * handed out comes back to it.
     */
    void close() {
        closed = true;
    }

    /** Whether {@link #close} was called: VM owns the memory. */
    boolean isClosed() {
        return closed;
    }

    /** Frames still free. */
    int freeFrames() {
        return free;
    }
}
