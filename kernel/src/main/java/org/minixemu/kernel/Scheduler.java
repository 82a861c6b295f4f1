package org.minixemu.kernel;

/**
 * Sixteen run queues, 0 the most urgent, round robin within a queue. A process is queued while it
 * is runnable; the one at the head of the most urgent non-empty queue runs until it blocks or its
 * quantum (virtual time) is used up, then goes to the back of its queue with a fresh quantum. A
 * process that wakes with quantum left goes to the front, as in MINIX: one that blocks often
 * (a server answering requests) is not made to wait behind a full quantum of a CPU hog for every
 * message, and the quantum it uses is still charged, so it cannot keep the front for ever.
 */
final class Scheduler {
    static final int QUEUES = 16;

    private final Process[] heads = new Process[QUEUES];
    private final Process[] tails = new Process[QUEUES];

    /**
     * Queues {@code p} if it is runnable and not queued already: at the front if it has quantum
     * left, else at the back with a fresh quantum.
     */
    void ready(Process p) {
        if (p.queued || !p.isRunnable()) {
            return;
        }
        int q = p.priority;
        if (p.quantumLeftNanos > 0 && heads[q] != null) {
            p.nextReady = heads[q];
            heads[q] = p;
        } else {
            if (p.quantumLeftNanos <= 0) {
                p.quantumLeftNanos = p.quantumNanos;
            }
            p.nextReady = null;
            if (heads[q] == null) {
                heads[q] = p;
            } else {
                tails[q].nextReady = p;
            }
            tails[q] = p;
        }
        p.queued = true;
    }

    /** Takes {@code p} out of its queue, if it is in one. */
    void unready(Process p) {
        if (!p.queued) {
            return;
        }
        int q = p.priority;
        Process prev = null;
        for (Process x = heads[q]; x != null; prev = x, x = x.nextReady) {
            if (x == p) {
                if (prev == null) {
                    heads[q] = x.nextReady;
                } else {
                    prev.nextReady = x.nextReady;
                }
                if (tails[q] == x) {
                    tails[q] = prev;
                }
                break;
            }
        }
        p.nextReady = null;
        p.queued = false;
    }

    /** The process to run next, or null when none is runnable. */
    Process pick() {
        for (int q = 0; q < QUEUES; q++) {
            if (heads[q] != null) {
                return heads[q];
            }
        }
        return null;
    }

    /** {@code p} used up its quantum: a fresh one, at the back of its queue. */
    void expired(Process p) {
        unready(p);
        p.quantumLeftNanos = 0;
        ready(p);
    }
}
