package org.minixemu.cli.debug;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PowerControl;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.inspect.KernelObserver;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * The debugger's hold on a running MINIX machine: stop, continue, step, breakpoints, and a queue
 * of requests from the console and GDB clients that run on the machine's own thread at the
 * kernel's safe points (between slices), so nothing reads the kernel while it changes and no
 * client can stall the machine: a client only waits for its own answer.
 *
 * <p>While stopped, the machine thread waits here and runs requests; guest time does not move.
 */
public final class DebugController implements KernelObserver {
    /** A step that may be taken by whichever process runs. */
    static final int ANY_PROCESS = Integer.MIN_VALUE + 1;

    private final KernelInspector kernel;
    private final PcMachine machine;
    private final Breakpoints breakpoints;
    private final MessageLog messages = new MessageLog();
    private final BlockingQueue<FutureTask<?>> requests = new LinkedBlockingQueue<>();
    private final List<StopListener> listeners = new CopyOnWriteArrayList<>();
    private final long wallStart = System.nanoTime();

    private volatile boolean stopRequested;
    private volatile boolean finished;
    private volatile boolean stopped;
    private StopEvent lastStop;
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

    // ---- for clients (any thread) ------------------------------------------------------------

    /**
     * Runs {@code task} on the machine's thread at its next safe point and returns its result
     * (waiting for it). After the machine has ended, runs it at once on the caller's thread.
     */
    public <T> T call(Callable<T> task) throws InterruptedException {
        FutureTask<T> future = new FutureTask<>(task);
        if (finished) {
            synchronized (this) {
                future.run();
            }
        } else {
            requests.add(future);
            if (finished) {
                drain(); // the machine ended between the check and the add: nobody else will
            }
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Asks the machine to stop at its next safe point (a second request is harmless). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Starts the machine stopped, waiting for a debugger (GDB's {@code --gdb}). */
    public void startStopped() {
        stopRequested = true;
    }

    public void addListener(StopListener l) {
        listeners.add(l);
    }

    public void removeListener(StopListener l) {
        listeners.remove(l);
    }

    /** Whether the machine is stopped (or has ended). */
    public boolean isStopped() {
        return stopped || finished;
    }

    public boolean isFinished() {
        return finished;
    }

    /**
     * The machine has ended ({@code minix-emu boot} calls it when the kernel's run returns): every
     * listener is told, waiting requests run, later ones run on their caller's thread.
     */
    public void machineEnded(int status, String description) {
        finished = true;
        stopped = false;
        drain();
        for (StopListener l : listeners) {
            l.ended(status, description);
        }
    }

    // ---- machine-thread operations (call them from inside call()) --------------------------

    /** The kernel's view. */
    public KernelInspector kernel() {
        return kernel;
    }

    /** The board. */
    public PcMachine machine() {
        return machine;
    }

    MessageLog messages() {
        return messages;
    }

    Breakpoints breakpoints() {
        return breakpoints;
    }

    /** Where the machine last stopped, or null if it has not. */
    StopEvent lastStop() {
        return lastStop;
    }

    /** Continues a stopped machine; false if it was running. */
    boolean resume() {
        if (!stopped) {
            return false;
        }
        stopped = false;
        stopRequested = false;
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
        if (stopped) {
            resume();
        }
    }

    /** Powers the machine off (status 0) through the ACPI port, as a guest would. */
    void powerOff() {
        machine.io().out(PowerControl.PM1A_CONTROL_PORT, 2, 0x2000);
        resume();
    }

    /** Counters for {@code stats}. */
    record Stats(long instructions, long messages, long kernelCalls, long slices, long interrupts, long guestNanos,
            long wallNanos) {
    }

    Stats stats() {
        return new Stats(machine.cpu().instructionsRetired(), messages.count(), kernelCalls, slices, interrupts,
                machine.clock().nanos(), System.nanoTime() - wallStart);
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
            if (!stopped) {
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
        drain();
        if (stopRequested && !stopped) {
            int at = slot;
            if (at == StopEvent.NO_PROCESS) {
                at = kernel.currentSlot().orElse(StopEvent.NO_PROCESS);
            }
            stop(StopEvent.Reason.REQUESTED, at,
                    at == StopEvent.NO_PROCESS ? 0 : kernel.process(at).map(ProcessSnapshot::eip).orElse(0));
        }
        while (stopped && !finished) {
            try {
                FutureTask<?> task = requests.poll(100, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stop(StopEvent.Reason reason, int slot, int address) {
        stopped = true;
        stopRequested = false;
        stepsLeft = 0;
        breakpoints.removeAll();
        lastStop = new StopEvent(reason, slot, address);
        for (StopListener l : listeners) {
            l.stopped(lastStop);
        }
    }

    private void drain() {
        FutureTask<?> task;
        while ((task = requests.poll()) != null) {
            synchronized (this) {
                task.run();
            }
        }
    }
}
