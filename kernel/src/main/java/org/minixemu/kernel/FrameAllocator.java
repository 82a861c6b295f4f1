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

    FrameAllocator(int ramBytes) {
        this.frameCount = ramBytes / PAGE;
        this.free = Math.max(0, frameCount - FIRST_FRAME);
    }

    /** A free frame's physical address, or -1 when RAM is exhausted. The frame is not cleared. */
    int allocate() {
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
        int frame = address >>> 12;
        if (frame < FIRST_FRAME || frame >= frameCount || !used.get(frame)) {
            throw new IllegalStateException("releasing frame 0x" + Integer.toHexString(address) + " that is not in use");
        }
        used.clear(frame);
        searchFrom = Math.min(searchFrom, frame);
        free++;
    }

    /** Frames still free. */
    int freeFrames() {
        return free;
    }
}
