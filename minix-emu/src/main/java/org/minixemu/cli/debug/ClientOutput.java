package org.minixemu.cli.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a console client is sent, through a bounded queue and a thread of its own, so that a
 * client that reads slowly or not at all only loses its own output: the machine's thread
 * offers text and never waits ({@link #offer} drops and counts when the queue is full).
 */
final class ClientOutput implements AutoCloseable {
    private static final String END = new String("end");
    static final int CAPACITY = 1024;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    ClientOutput(OutputStream out, String name, Runnable onFailure) {
        writer = new Thread(() -> {
            try {
                while (true) {
                    String text = queue.take();
                    if (text == END) {
                        break;
                    }
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        out.write(("[" + lost + " lines dropped: the client reads too slowly]\n").getBytes(StandardCharsets.UTF_8));
                    }
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                onFailure.run();
            }
        }, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues text from the machine's thread: never blocks; dropped when the client lags. */
    void offer(String text) {
        if (!closed && !queue.offer(text)) {
            dropped.incrementAndGet();
        }
    }

    /** Queues a command's answer from the client's own thread (it may wait for room). */
    void put(String text) throws InterruptedException {
        if (!closed) {
            queue.put(text);
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.offer(END);
    }
}
