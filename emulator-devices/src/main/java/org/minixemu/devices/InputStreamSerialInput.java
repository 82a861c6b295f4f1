package org.minixemu.devices;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serial input from any {@link InputStream} (stdin as a pipe or a terminal in raw mode, a file),
 * without ever blocking the machine: a daemon thread reads the stream and fills a bounded,
 * lock-protected queue, and {@link #read} takes from the queue or answers -1 at once.
 *
 * <p>The thread decides only when bytes become available on the host. The guest sees them only
 * when the machine polls between slices ({@link Uart16550#pollHost}), stamped with the virtual
 * time of that poll, so a run that gets the same bytes at the same virtual times is repeatable;
 * with a live terminal the virtual time at which a key arrives naturally depends on the wall clock.
 *
 * <p>When the queue is full the thread stops reading until the guest catches up, so a large
 * file piped in is not read into memory. End of input and read errors end the thread; the
 * bytes read before them are still delivered.
 */
public final class InputStreamSerialInput implements SerialInput, AutoCloseable {
    /** Bytes held between the reader thread and the machine. */
    static final int CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(InputStreamSerialInput.class);

    private final String device;
    private final InputStream in;
    private final Object lock = new Object();
    private final byte[] queue = new byte[CAPACITY];
    private int head;
    private int count;
    private boolean ended;
    private boolean closed;
    private boolean readerWaiting;
    private final Thread reader;

    /**
     * Starts reading {@code in} on a daemon thread named after {@code device}.
     *
     * @param device the port's name, for the thread's name and log messages ("COM1")
     */
    public InputStreamSerialInput(String device, InputStream in) {
        this.device = device;
        this.in = in;
        reader = new Thread(this::pump, device + " input");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        byte[] buffer = new byte[256];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                synchronized (lock) {
                    for (int i = 0; i < n; i++) {
                        while (count == CAPACITY && !closed) {
                            readerWaiting = true;
                            lock.notifyAll();
                            lock.wait();
                        }
                        if (closed) {
                            return;
                        }
                        queue[(head + count) % CAPACITY] = buffer[i];
                        count++;
                    }
                    lock.notifyAll();      // wakes awaitInput
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: reading the host input failed ({}); no more input", device, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public int read(long nanos) {
        synchronized (lock) {
            if (count == 0) {
                return -1;
            }
            int b = queue[head] & 0xFF;
            head = (head + 1) % CAPACITY;
            count--;
            if (readerWaiting) {
                readerWaiting = false;
                lock.notifyAll();
            }
            return b;
        }
    }

    /** Open until the stream has ended (or failed, or was closed) and every byte read from it was taken. */
    @Override
    public boolean open() {
        synchronized (lock) {
            return !(closed || ended && count == 0);
        }
    }

    /**
     * Waits up to {@code millis} for the reader thread to have a byte or to reach the end of the
     * stream; for tests and for a machine that idles in real time. Returns at once if either holds.
     */
    public void awaitInput(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (count == 0 && !ended) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                lock.wait(left);
            }
        }
    }

    /**
     * Stops delivering input. A thread blocked inside the stream's {@code read} (stdin) cannot
     * be woken; it is a daemon, so it does not keep the JVM alive.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            count = 0;
            lock.notifyAll();
        }
        reader.interrupt();
    }
}
