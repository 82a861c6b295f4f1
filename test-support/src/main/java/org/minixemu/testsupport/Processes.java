package org.minixemu.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program from a test. Its standard output and error are read, and its standard
 * input written, on threads of their own: a program that fills a pipe nobody reads blocks for
 * ever, and a test that read the pipe on its own thread before {@code waitFor(timeout)} would
 * block with it, so the timeout could never fire. Here it always fires; the program is then
 * killed and the test fails with what it had printed so far.
 */
public final class Processes {
    private Processes() {
    }

    /** How a program ended, and what it printed (stderr is empty if it was redirected). */
    public record Result(int status, byte[] stdoutBytes, byte[] stderrBytes) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        /** Both streams, stdout first, for failure messages. */
        public String output() {
            return stdout() + stderr();
        }
    }

    /** {@link #run(ProcessBuilder, String, Duration)} with an empty standard input. */
    public static Result run(ProcessBuilder builder, Duration timeout) throws IOException {
        return run(builder, "", timeout);
    }

    /**
     * Starts {@code builder}, writes {@code input} to its standard input (then closes it), and
     * waits for it at most {@code timeout}. Throws IOException when it cannot be started (a
     * missing tool) and AssertionError when it outlives the timeout.
     */
    public static Result run(ProcessBuilder builder, String input, Duration timeout) throws IOException {
        Process p = builder.start();
        String command = String.join(" ", builder.command());
        Pump out = new Pump(p.getInputStream(), command + " stdout");
        Pump err = new Pump(p.getErrorStream(), command + " stderr");
        Thread writer = daemon(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The program exited without reading all of its input: its status tells.
            }
        }, command + " stdin");
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds()
                        + " s; it printed:\n" + out.sofar() + err.sofar());
            }
            writer.join();
            return new Result(p.exitValue(), out.bytes(), err.bytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true); // a reader stuck on a grandchild's pipe must not keep the JVM alive
        t.start();
        return t;
    }

    /** Copies one stream into memory on its own thread. */
    private static final class Pump {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        Pump(InputStream in, String name) {
            thread = daemon(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, name);
        }

        /** Everything, once the stream has ended (the process has exited). */
        byte[] bytes() throws InterruptedException {
            // A grandchild that inherited the pipe can hold it open after the process exited:
            // wait a little, then take what there is rather than hang.
            thread.join(10_000);
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }

        String sofar() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
