package org.minixemu.cli.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * Software breakpoints: an INT3 byte written into one process's code while the machine runs and
 * taken out while it is stopped, so that what the debugger reads is always the program's own
 * bytes. A breakpoint belongs to one process (slot and endpoint): the programs share one virtual
 * layout, so the same address in another process is other code, and patching it there would
 * corrupt that process.
 *
 * <p>Used on the machine's thread only.
 */
final class Breakpoints {
    static final byte INT3 = (byte) 0xCC;

    /** A breakpoint in the process with {@code endpoint} (in {@code slot}) at {@code address}. */
    record Breakpoint(int id, int slot, int endpoint, int address) {
    }

    private final KernelInspector kernel;
    private final Map<Integer, Breakpoint> all = new LinkedHashMap<>();
    /** Breakpoint id -> the original byte, for the ones whose INT3 is in memory now. */
    private final Map<Integer, Byte> inserted = new LinkedHashMap<>();
    private int nextId = 1;
    /** A breakpoint left out until its process has executed the instruction under it. */
    private Breakpoint skipped;

    Breakpoints(KernelInspector kernel) {
        this.kernel = kernel;
    }

    /** Adds a breakpoint (the same one twice is one); null when the address is not mapped in that process. */
    Breakpoint add(ProcessSnapshot p, int address) {
        for (Breakpoint b : all.values()) {
            if (b.endpoint() == p.endpoint() && b.address() == address) {
                return b;
            }
        }
        if (!kernel.read(p.slot(), address, new byte[1])) {
            return null;
        }
        Breakpoint b = new Breakpoint(nextId++, p.slot(), p.endpoint(), address);
        all.put(b.id(), b);
        return b;
    }

    /** Removes breakpoint {@code id} (its byte first, if it is in memory); false if there is none. */
    boolean remove(int id) {
        Breakpoint b = all.get(id);
        if (b == null) {
            return false;
        }
        takeOut(b);
        all.remove(id);
        if (skipped == b) {
            skipped = null;
        }
        return true;
    }

    /** Removes the breakpoint of the process in {@code slot} at {@code address}; false if there is none. */
    boolean remove(int slot, int address) {
        for (Breakpoint b : List.copyOf(all.values())) {
            if (b.slot() == slot && b.address() == address) {
                return remove(b.id());
            }
        }
        return false;
    }

    List<Breakpoint> list() {
        return new ArrayList<>(all.values());
    }

    /** The breakpoint of the process in {@code slot} at {@code address}, or null. */
    Breakpoint at(int slot, int address) {
        for (Breakpoint b : all.values()) {
            if (b.slot() == slot && b.address() == address && alive(b)) {
                return b;
            }
        }
        return null;
    }

    /** Whether the INT3 of a breakpoint at {@code address} of {@code slot} is in memory. */
    boolean isInserted(int slot, int address) {
        Breakpoint b = at(slot, address);
        return b != null && inserted.containsKey(b.id());
    }

    /** Leaves {@code b} out until its process has run one instruction (resuming from it). */
    void skipOnce(Breakpoint b) {
        skipped = b;
    }

    /** The breakpoint being skipped for {@code slot}, or null. */
    Breakpoint skippedFor(int slot) {
        return skipped != null && skipped.slot() == slot ? skipped : null;
    }

    /** The skipped breakpoint's process has moved past it. */
    void skipDone() {
        skipped = null;
    }

    /** Writes the INT3 of every live breakpoint (but the skipped one) into memory. */
    void insertAll() {
        for (Breakpoint b : all.values()) {
            if (b != skipped && !inserted.containsKey(b.id()) && alive(b)) {
                byte[] original = new byte[1];
                if (kernel.read(b.slot(), b.address(), original) && kernel.write(b.slot(), b.address(), new byte[] {INT3})) {
                    inserted.put(b.id(), original[0]);
                }
            }
        }
    }

    /** Puts every original byte back. */
    void removeAll() {
        for (Breakpoint b : all.values()) {
            takeOut(b);
        }
    }

    /**
     * Overlays the original bytes on {@code bytes}, read from {@code address} of {@code slot}
     * while INT3s were in memory, so readers see the program as it is.
     */
    void hide(int slot, int address, byte[] bytes) {
        for (Breakpoint b : all.values()) {
            Byte original = inserted.get(b.id());
            long offset = Integer.toUnsignedLong(b.address()) - Integer.toUnsignedLong(address);
            if (original != null && b.slot() == slot && offset >= 0 && offset < bytes.length) {
                bytes[(int) offset] = original;
            }
        }
    }

    private void takeOut(Breakpoint b) {
        Byte original = inserted.remove(b.id());
        if (original != null && alive(b)) {
            kernel.write(b.slot(), b.address(), new byte[] {original});
        }
    }

    /** Whether the breakpoint's process is still the one in its slot (not gone, not replaced). */
    private boolean alive(Breakpoint b) {
        return kernel.process(b.slot()).map(p -> p.endpoint() == b.endpoint()).orElse(false);
    }
}
