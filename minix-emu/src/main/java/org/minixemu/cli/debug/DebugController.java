package org.minixemu.cli.debug;

import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.devices.PcMachine;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.inspect.KernelObserver;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * The debugger's hold on a running MINIX machine: stop, continue, step and per-process
 * breakpoints on top of {@link DebuggerCore}, whose requests from the console and GDB clients run
 * at the kernel's safe points (between slices), so nothing reads the kernel while it changes and
 * no client can stall the machine: a client only waits for its own answer.
 *
 * <p>While stopped, the machine thread waits here and runs requests; guest time does not move.
 */
public final class DebugController extends DebuggerCore implements KernelObserver {
    /** A step that may be taken by whichever process runs. */
    static final int ANY_PROCESS = Integer.MIN_VALUE + 1;

    private final KernelInspector kernel;
    private final PcMachine machine;
    private final Breakpoints breakpoints;
    private final MessageLog messages = new MessageLog();

    private long stepsLeft;
    private int stepSlot = ANY_PROCESS;
    private long retiredBeforeSlice;

    private long slices;
    private long kernelCalls;
    private long interrupts;

    /**
     * A controller for {@code machine} running the kernel behind {@code kernel}. Attach it with
     * {@link KernelInspector#attach} (through {@link ObserverChain} with a tracer).
     */
    public DebugController(KernelInspector kernel, PcMachine machine) {
        this.kernel = kernel;
        this.machine = machine;
        this.breakpoints = new Breakpoints(kernel);
    }

    // ---- machine-thread operations (call them from inside call()) --------------------------

    /** The kernel's view. */
    public KernelInspector kernel() {
        return kernel;
    }

    /** The board. */
    @Override
    public PcMachine machine() {
        return machine;
    }

    MessageLog messages() {
        return messages;
    }

    Breakpoints breakpoints() {
        return breakpoints;
    }

    /** Continues a stopped machine; false if it was running. */
    @Override
    boolean resume() {
        if (!leaveStop()) {
            return false;
        }
        StopEvent lastStop = lastStop();
        if (lastStop != null && lastStop.slot() != StopEvent.NO_PROCESS) {
            // The process that stopped on a breakpoint must get past it before it goes back in.
            kernel.process(lastStop.slot()).ifPresent(p -> {
                Breakpoints.Breakpoint b = breakpoints.at(p.slot(), p.eip());
                if (b != null) {
                    breakpoints.skipOnce(b);
                }
            });
        }
        breakpoints.insertAll();
        return true;
    }

    /**
     * Runs {@code count} instructions, then stops: of the process in {@code slot}, or of whichever
     * processes run for {@link #ANY_PROCESS}. Other processes may run in between (as GDB's
     * scheduler-locking off). Resumes a stopped machine.
     */
    void step(int slot, long count) {
        stepSlot = slot;
        stepsLeft = Math.max(1, count);
        if (stoppedNow()) {
            resume();
        }
    }

    @Override
    void stepAny(long count) {
        step(ANY_PROCESS, count);
    }

    /** Counters for {@code stats}. */
    record Stats(long instructions, long messages, long kernelCalls, long slices, long interrupts, long guestNanos,
            long wallNanos, String translation, long blocks, long inBlocks) {
    }

    Stats stats() {
        return new Stats(machine.cpu().instructionsRetired(), messages.count(), kernelCalls, slices, interrupts,
                machine.clock().nanos(), wallNanos(), machine.cpu().translationMode(),
                machine.cpu().compiledBlocks(), machine.cpu().translatedInstructions());
    }

    // ---- the kernel's callbacks (machine thread) --------------------------------------------

    @Override
    public long beforeSlice(int slot, long budget) {
        safePoint(slot);
        retiredBeforeSlice = machine.cpu().instructionsRetired();
        if (breakpoints.skippedFor(slot) != null) {
            return 1;
        }
        if (stepsLeft > 0 && (stepSlot == ANY_PROCESS || stepSlot == slot)) {
            return Math.min(budget, stepsLeft);
        }
        return budget;
    }

    @Override
    public boolean afterSlice(int slot, long startNanos, long endNanos, Exit exit) {
        slices++;
        long executed = machine.cpu().instructionsRetired() - retiredBeforeSlice;
        ProcessSnapshot p = kernel.process(slot).orElse(null);
        if (p == null) {
            return false;
        }
        if (exit.kind() == ExitKind.EXCEPTION && exit.vector() == Cpu.BP
                && breakpoints.isInserted(slot, p.eip() - 1)) {
            // Our INT3, not the program's: back to the breakpoint's address, and no SIGTRAP.
            kernel.setRegister(slot, 8, p.eip() - 1);
            stop(StopEvent.Reason.BREAKPOINT, slot, p.eip() - 1);
            return true;
        }
        if (executed > 0 && breakpoints.skippedFor(slot) != null) {
            breakpoints.skipDone();
            if (!stoppedNow()) {
                breakpoints.insertAll();
            }
        }
        if (stepsLeft > 0 && executed > 0 && (stepSlot == ANY_PROCESS || stepSlot == slot)) {
            stepsLeft = Math.max(0, stepsLeft - executed);
            if (stepsLeft == 0) {
                stop(StopEvent.Reason.STEP, slot, p.eip());
            }
        }
        return false;
    }

    @Override
    public void messageDelivered(int receiverSlot, byte[] message, int ipcStatus) {
        int source = java.nio.ByteBuffer.wrap(message).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt(org.minixemu.kernel.abi.Abi.M_SOURCE_OFFSET);
        messages.add(machine.clock().nanos(), kernel.labelOf(source),
                kernel.process(receiverSlot).map(ProcessSnapshot::label).orElse("?"), ipcStatus, message);
    }

    @Override
    public void kernelCall(int slot) {
        kernelCalls++;
    }

    @Override
    public void interrupt(int irq) {
        interrupts++;
        safePoint(StopEvent.NO_PROCESS);
    }

    // ---- internals ----------------------------------------------------------------------

    private void safePoint(int slot) {
        safePoint(() -> {
            int at = slot == StopEvent.NO_PROCESS ? kernel.currentSlot().orElse(StopEvent.NO_PROCESS) : slot;
            return new StopEvent(StopEvent.Reason.REQUESTED, at,
                    at == StopEvent.NO_PROCESS ? 0 : kernel.process(at).map(ProcessSnapshot::eip).orElse(0));
        });
    }

    private void stop(StopEvent.Reason reason, int slot, int address) {
        stop(new StopEvent(reason, slot, address));
    }

    @Override
    protected void onStop() {
        stepsLeft = 0;
        breakpoints.removeAll();
    }
}
