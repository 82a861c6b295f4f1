package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.EFAULT;
import static org.minixemu.kernel.abi.Abi.ESRCH;
import static org.minixemu.kernel.abi.Abi.M1_I1;
import static org.minixemu.kernel.abi.Abi.M1_I2;
import static org.minixemu.kernel.abi.Abi.M1_I3;
import static org.minixemu.kernel.abi.Abi.M1_P1;
import static org.minixemu.kernel.abi.Abi.M1_P2;
import static org.minixemu.kernel.abi.Abi.OK;
import static org.minixemu.kernel.abi.Abi.SIGKMEM;
import static org.minixemu.kernel.abi.Abi.SYSTEM;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Kernel copies that meet memory VM has not made accessible yet (minix3-facts.md section 5, last
 * line; DESIGN.md 3a). A message delivered into a copy-on-write page, a signal frame pushed onto
 * a stack page not yet faulted in, a safecopy into a fresh heap page: instead of failing with
 * EFAULT, the operation is suspended -- the process that asked waits (PROC_VMREQUEST) -- and VM
 * is told with SIGKMEM. VM takes the requests with VMCTL_MEMREQ_GET, makes each range
 * accessible, and answers VMCTL_MEMREQ_REPLY; then the operation is redone from the start (a
 * trap runs again; a delivery is written). A range VM cannot fix gives EFAULT on the redo.
 */
final class MemoryRequests {
    /** Redos of one operation before the kernel gives up with EFAULT (VM answered OK each time). */
    private static final int MAX_TRIES = 4;

    private static final class Request {
        final Process requestor;
        final Process target;
        final int targetEndpoint;
        final int address;
        final int length;
        final boolean write;
        boolean handedOut;

        Request(Process requestor, Process target, int address, int length, boolean write) {
            this.requestor = requestor;
            this.target = target;
            this.targetEndpoint = target.endpoint;
            this.address = address;
            this.length = length;
            this.write = write;
        }
    }

    private final Kernel kernel;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();

    MemoryRequests(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Whether {@code requestor} may go on with a copy touching {@code length} bytes at
     * {@code address} in {@code target}: OK when they are accessible now; {@link Ipc#VM_SUSPENDED}
     * when VM was asked and the requestor now waits; EFAULT when nothing can make them so.
     */
    int check(Process requestor, Process target, int address, int length, boolean write) {
        if (length <= 0 || (write ? target.program.space.writable(address, length) : target.program.space.readable(address, length))) {
            return OK;
        }
        Process vm = kernel.vmProcess();
        if (vm == null || target == vm || requestor == vm || requestor.program.vmTries >= MAX_TRIES) {
            return EFAULT;
        }
        long end = Integer.toUnsignedLong(address) + length;
        if (end > 0x1_0000_0000L) {
            return EFAULT;
        }
        requestor.program.vmTries++;
        queue.add(new Request(requestor, target, address, length, write));
        requestor.program.rtsFlags |= Process.VMREQUEST;
        kernel.scheduler().unready(requestor);
        vm.priv.kernelSignals |= 1 << SIGKMEM;
        kernel.ipc().notify(kernel.table().slot(SYSTEM), vm);
        return Ipc.VM_SUSPENDED;
    }

    /** VMCTL_MEMREQ_GET: the oldest request VM has not taken yet, into {@code m}; ESRCH if none. */
    int get(Message m) {
        for (Request r : queue) {
            if (!r.handedOut) {
                r.handedOut = true;
                m.putInt(M1_I1, r.targetEndpoint);
                m.putInt(M1_I2, r.requestor.endpoint);
                m.putInt(M1_I3, r.write ? 1 : 0);
                m.putInt(M1_P1, r.address);
                m.putInt(M1_P2, r.length);
                return OK;
            }
        }
        return ESRCH;
    }

    /** VMCTL_MEMREQ_REPLY: VM is done with {@code requestor}'s request; it goes on. */
    int reply(Process requestor, int result) {
        for (Iterator<Request> it = queue.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.requestor == requestor && r.handedOut) {
                it.remove();
                resume(requestor, result);
                return OK;
            }
        }
        return org.minixemu.kernel.abi.Abi.EINVAL;
    }

    /** {@code p} is leaving: its own requests go; copies waiting on its memory fail. */
    void processGone(Process p) {
        for (Iterator<Request> it = queue.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.requestor == p) {
                it.remove();
            } else if (r.target == p) {
                it.remove();
                resume(r.requestor, EFAULT);
            }
        }
    }

    private void resume(Process requestor, int result) {
        if (result != OK) {
            requestor.program.vmTries = MAX_TRIES; // the redo answers EFAULT
        }
        requestor.program.rtsFlags &= ~Process.VMREQUEST;
        kernel.ipc().finishPendingDelivery(requestor);
        kernel.makeReady(requestor);
    }
}
