package org.minixemu.cli.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.SafePointListener;

/**
 * The debugger's hold on a bare-metal guest ({@code minix-emu run}): stop, continue, step and
 * breakpoints at linear addresses, at {@link PcMachine#run}'s safe points between slices.
 *
 * <p>A breakpoint is an INT3 byte written at the physical address its linear address maps to
 * when the machine goes on, and taken out when it stops, so {@code mem} and {@code dis} always
 * see the guest's own bytes. While breakpoints exist the debugger claims vector 3, so an INT3
 * leaves the CPU instead of going through the guest's IDT; an INT3 that is not ours (the guest's
 * own) is given back: EIP goes back to it and it runs once unclaimed, through the guest's IDT.
 *
 * <p>Everything but {@link DebuggerCore#call} and the listeners runs on the machine's thread.
 */
public final class BareDebugController extends DebuggerCore implements SafePointListener {
    /** A breakpoint at a linear address. */
    record Breakpoint(int id, int address) {
    }

    private final PcMachine machine;
    private final Cpu cpu;
    private final Map<Integer, Breakpoint> breakpoints = new LinkedHashMap<>();
    /** Breakpoint id -> {physical address, original byte} while its INT3 is in memory. */
    private final Map<Integer, long[]> inserted = new LinkedHashMap<>();
    private int nextId = 1;
    /** Left out for one instruction: the breakpoint the machine resumes from. */
    private Breakpoint skipped;
    /** The guest's own INT3 runs once through its IDT. */
    private boolean giveBackInt3;
    private long stepsLeft;
    private long retiredBeforeSlice;
    private long slices;

    /** A debugger for {@code machine}; it takes effect once set as the machine's safe-point listener. */
    public BareDebugController(PcMachine machine) {
        this.machine = machine;
        this.cpu = machine.cpu();
    }

    @Override
    public PcMachine machine() {
        return machine;
    }

    // ---- machine-thread operations --------------------------------------------------------

    @Override
    boolean resume() {
        if (!leaveStop()) {
            return false;
        }
        skipped = at(linearEip());
        insertAll();
        return true;
    }

    @Override
    void stepAny(long count) {
        stepsLeft = Math.max(1, count);
        if (stoppedNow()) {
            resume();
        }
    }

    /** Adds a breakpoint (the same address twice is one). */
    Breakpoint add(int address) {
        Breakpoint b = at(address);
        if (b == null) {
            b = new Breakpoint(nextId++, address);
            breakpoints.put(b.id(), b);
        }
        if (!stoppedNow()) {
            insertAll();
        }
        return b;
    }

    /** Removes breakpoint {@code id}; false if there is none. */
    boolean remove(int id) {
        Breakpoint b = breakpoints.get(id);
        if (b == null) {
            return false;
        }
        takeOut(b);
        breakpoints.remove(id);
        if (skipped == b) {
            skipped = null;
        }
        claimVector();
        return true;
    }

    List<Breakpoint> breakpoints() {
        return new ArrayList<>(breakpoints.values());
    }

    /** EIP as a linear address (CS base + EIP). */
    int linearEip() {
        return cpu.segmentBase(Cpu.CS) + cpu.eip();
    }

    /** Reads {@code bytes} from linear (through paging when on) or physical memory; false if not all mapped. */
    boolean read(long address, byte[] bytes, boolean physical) {
        for (int i = 0; i < bytes.length; i++) {
            long a = physical ? address + i : cpu.debugTranslate((int) (address + i));
            if (a < 0 || a > 0xFFFFFFFFL) {
                return false;
            }
            bytes[i] = (byte) cpu.memory().read8((int) a);
            for (long[] in : inserted.values()) {
                if (in[0] == a) {
                    bytes[i] = (byte) in[1]; // the guest's byte, not our INT3
                }
            }
        }
        return true;
    }

    /** Counters for {@code stats}. */
    record Stats(long instructions, long slices, long guestNanos, long wallNanos, String translation, long blocks,
            long inBlocks) {
    }

    Stats stats() {
        return new Stats(cpu.instructionsRetired(), slices, machine.clock().nanos(), wallNanos(), cpu.translationMode(),
                cpu.compiledBlocks(), cpu.translatedInstructions());
    }

    // ---- the machine's callbacks -----------------------------------------------------------

    @Override
    public long beforeSlice(long budget) {
        safePoint(() -> new StopEvent(StopEvent.Reason.REQUESTED, StopEvent.NO_PROCESS, linearEip()));
        retiredBeforeSlice = cpu.instructionsRetired();
        if (skipped != null || giveBackInt3) {
            return 1;
        }
        return stepsLeft > 0 ? Math.min(budget, stepsLeft) : budget;
    }

    @Override
    public boolean afterSlice(Exit exit) {
        slices++;
        long executed = cpu.instructionsRetired() - retiredBeforeSlice;
        if (exit.kind() == ExitKind.SOFTWARE_INTERRUPT && exit.vector() == Cpu.BP) {
            cpu.setEip(cpu.eip() - 1); // back to the INT3
            Breakpoint b = at(linearEip());
            if (b != null && inserted.containsKey(b.id())) {
                stop(new StopEvent(StopEvent.Reason.BREAKPOINT, StopEvent.NO_PROCESS, b.address()));
            } else {
                giveBackInt3 = true;
                cpu.claimSoftwareInterrupt(Cpu.BP, false);
            }
            return true;
        }
        if (executed > 0 && (skipped != null || giveBackInt3)) {
            skipped = null;
            giveBackInt3 = false;
            if (!stoppedNow()) {
                insertAll();
            }
        }
        if (stepsLeft > 0 && executed > 0) {
            stepsLeft = Math.max(0, stepsLeft - executed);
            if (stepsLeft == 0) {
                stop(new StopEvent(StopEvent.Reason.STEP, StopEvent.NO_PROCESS, linearEip()));
            }
        }
        return false;
    }

    @Override
    protected void onStop() {
        stepsLeft = 0;
        for (Breakpoint b : breakpoints.values()) {
            takeOut(b);
        }
    }

    // ---- internals ----------------------------------------------------------------------

    private Breakpoint at(int address) {
        for (Breakpoint b : breakpoints.values()) {
            if (b.address() == address) {
                return b;
            }
        }
        return null;
    }

    /** Writes every INT3 (but the skipped one) where its address maps now. */
    private void insertAll() {
        for (Breakpoint b : breakpoints.values()) {
            if (b != skipped && !inserted.containsKey(b.id())) {
                long physical = cpu.debugTranslate(b.address());
                if (physical >= 0) {
                    inserted.put(b.id(), new long[] {physical, cpu.memory().read8((int) physical)});
                    cpu.memory().write8((int) physical, 0xCC);
                }
            }
        }
        claimVector();
    }

    private void takeOut(Breakpoint b) {
        long[] in = inserted.remove(b.id());
        if (in != null) {
            cpu.memory().write8((int) in[0], (int) in[1]);
        }
    }

    /** Vector 3 is ours while any INT3 of ours is in memory (and not while the guest's own runs). */
    private void claimVector() {
        cpu.claimSoftwareInterrupt(Cpu.BP, !inserted.isEmpty() && !giveBackInt3);
    }
}
