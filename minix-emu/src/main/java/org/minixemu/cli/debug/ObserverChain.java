package org.minixemu.cli.debug;

import java.util.List;
import org.minixemu.cpu.Exit;
import org.minixemu.kernel.inspect.KernelObserver;

/**
 * Several observers as one (the kernel has one observer slot): the tracer and the debugger
 * together. Budgets take the smallest; an exit is taken if any observer takes it, but every
 * observer sees it, so the tracer records the slice a breakpoint ended.
 */
public final class ObserverChain implements KernelObserver {
    private final KernelObserver[] observers;

    private ObserverChain(List<KernelObserver> observers) {
        this.observers = observers.toArray(KernelObserver[]::new);
    }

    /** The observers given, or NONE for none, or the one itself. */
    public static KernelObserver of(List<KernelObserver> observers) {
        return observers.isEmpty() ? KernelObserver.NONE
                : observers.size() == 1 ? observers.get(0) : new ObserverChain(observers);
    }

    @Override
    public long beforeSlice(int slot, long budget) {
        long b = budget;
        for (KernelObserver o : observers) {
            b = Math.min(b, o.beforeSlice(slot, budget));
        }
        return Math.max(1, b);
    }

    @Override
    public boolean afterSlice(int slot, long startNanos, long endNanos, Exit exit) {
        boolean taken = false;
        for (KernelObserver o : observers) {
            taken |= o.afterSlice(slot, startNanos, endNanos, exit);
        }
        return taken;
    }

    @Override
    public void messageDelivered(int receiverSlot, byte[] message, int ipcStatus) {
        for (KernelObserver o : observers) {
            o.messageDelivered(receiverSlot, message, ipcStatus);
        }
    }

    @Override
    public void kernelCall(int slot) {
        for (KernelObserver o : observers) {
            o.kernelCall(slot);
        }
    }

    @Override
    public void interrupt(int irq) {
        for (KernelObserver o : observers) {
            o.interrupt(irq);
        }
    }
}
