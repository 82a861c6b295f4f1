package org.minixemu.cli.debug;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PowerControl;

/**
 * What every debugger of a machine shares, whatever runs on it (the hosted MINIX kernel or a
 * bare-metal guest): a queue of client requests that run on the machine's own thread at its
 * safe points, stop and continue, the listeners told of stops, and the end of the machine.
 * A client only ever waits for its own answer; the machine never waits for a client.
 *
 * <p>While stopped, the machine's thread waits in {@link #safePoint} and runs requests; guest
 * time does not move.
 */
public abstract class DebuggerCore {
    private final BlockingQueue<FutureTask<?>> requests = new LinkedBlockingQueue<>();
    private final List<StopListener> listeners = new CopyOnWriteArrayList<>();
    private final long wallStart = System.nanoTime();
    private volatile boolean stopRequested;
    private volatile boolean finished;
    private volatile boolean stopped;
    private StopEvent lastStop;

    /** The board. */
    public abstract PcMachine machine();

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

    /** Tells {@code l} of every stop and of the end. */
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
     * The machine has ended (the command calls it when the run returns): every listener is told,
     * waiting requests run, later ones run on their caller's thread.
     */
    public void machineEnded(int status, String description) {
        finished = true;
        stopped = false;
        drain();
        for (StopListener l : listeners) {
            l.ended(status, description);
        }
    }

    /** Powers the machine off (status 0) at its next safe point, from any thread; a stopped machine too. */
    public void requestPowerOff() throws InterruptedException {
        call(() -> {
            powerOff();
            return null;
        });
    }

    // ---- machine-thread operations (call them from inside call()) --------------------------

    /** Where the machine last stopped, or null if it has not. */
    StopEvent lastStop() {
        return lastStop;
    }

    /** Continues a stopped machine; false if it was running. */
    abstract boolean resume();

    /** Runs {@code count} instructions of whatever runs, then stops. Resumes a stopped machine. */
    abstract void stepAny(long count);

    /** Powers the machine off (status 0) through the ACPI port, as a guest would. */
    void powerOff() {
        machine().io().out(PowerControl.PM1A_CONTROL_PORT, 2, 0x2000);
        resume();
    }

    /** Wall-clock nanoseconds since the debugger was made. */
    long wallNanos() {
        return System.nanoTime() - wallStart;
    }

    /** The first half of {@link #resume}: false if not stopped, else the machine may go on. */
    protected final boolean leaveStop() {
        if (!stopped) {
            return false;
        }
        stopped = false;
        stopRequested = false;
        return true;
    }

    /** Whether the machine is stopped (not counting its end); for subclasses on the machine thread. */
    protected final boolean stoppedNow() {
        return stopped;
    }

    /**
     * A safe point: runs waiting requests, stops if asked (where {@code here} says), and while
     * stopped waits here running requests.
     */
    protected final void safePoint(java.util.function.Supplier<StopEvent> here) {
        drain();
        if (stopRequested && !stopped) {
            stop(here.get());
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

    /** Stops the machine at {@code event}: {@link #onStop} first, then every listener is told. */
    protected final void stop(StopEvent event) {
        stopped = true;
        stopRequested = false;
        onStop();
        lastStop = event;
        for (StopListener l : listeners) {
            l.stopped(event);
        }
    }

    /** What a subclass undoes when the machine stops (steps left, breakpoint bytes). */
    protected abstract void onStop();

    private void drain() {
        FutureTask<?> task;
        while ((task = requests.poll()) != null) {
            synchronized (this) {
                task.run();
            }
        }
    }
}
