package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.KMESSAGES_KM_BUF;
import static org.minixemu.kernel.abi.Abi.KMESSAGES_KM_LOST;
import static org.minixemu.kernel.abi.Abi.KMESSAGES_KM_SIZE;
import static org.minixemu.kernel.abi.Abi.KMESSAGES_SIZE;
import static org.minixemu.kernel.abi.Abi.KMESS_BUF_SIZE;
import static org.minixemu.kernel.abi.Abi.SIGKMESS;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the kernel's own messages and the processes' diagnostics text go (the machine's console
 * line). Each line of a process's text is printed whole, prefixed with its label, so that lines
 * of different processes never interleave mid-line.
 *
 * <p>Once the console process (one with the CONSOLE_PROC privilege: the tty) has fetched the text with
 * GET_KMESSAGES, new text is kept in a buffer and the console process is told with SIGKMESS: it
 * prints the text on the console line, in order with what user programs write there
 * (minix3-facts-2.md section 4.5). A fetch drains the buffer, so a restarted tty never prints a
 * line twice. While there is no live console process (before it starts, while it is being
 * restarted, once the machine stops) the kernel writes the text to the host itself, after
 * whatever was still waiting in the buffer.
 */
final class KernelConsole {
    private final OutputStream out;
    private final byte[] pending = new byte[KMESS_BUF_SIZE];
    private int pendingBytes;
    private int lostBytes;
    /** The console process's endpoint; NONE until a process in the console slot fetches. */
    private int consoleEndpoint = org.minixemu.kernel.abi.Abi.NONE;
    private ProcessTable table;
    private Signals signals;
    /** Once the machine stops nobody will fetch again: everything goes straight out. */
    private boolean direct;

    KernelConsole(OutputStream out) {
        this.out = out;
    }

    /** Lets the console find and signal the console process (the kernel's parts exist by now). */
    void attach(ProcessTable table, Signals signals) {
        this.table = table;
        this.signals = signals;
    }

    /** Text from a process: complete lines are printed now, a partial line waits for its end. */
    void print(Process p, String text) {
        StringBuilder line = p.program.consoleLine;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                emit(p.program.label + ": " + line + "\n");
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    /** Prints what is left of a process's partial line (it is leaving). */
    void flush(Process p) {
        if (p.program.consoleLine.length() > 0) {
            emit(p.program.label + ": " + p.program.consoleLine + "\n");
            p.program.consoleLine.setLength(0);
        }
    }

    /** A message from the kernel itself. */
    void kernel(String message) {
        emit("kernel: " + message + "\n");
    }

    /**
     * The kernel is returning from its run loop: whatever the console process did not fetch is
     * written to the host now. With {@code forever} (the machine has stopped) everything after
     * it goes straight out too, since no console process will run again.
     */
    void flushToHost(boolean forever) {
        direct |= forever;
        drainToHost();
    }

    /**
     * GET_KMESSAGES: copies the waiting text into {@code caller}'s struct kmessages at
     * {@code address} ({@code length} bytes there) and forgets it; the caller becomes the console
     * process. Only a process with the CONSOLE_PROC privilege may fetch (the tty's boot slot
     * carries it, and RS's restarts keep it).
     *
     * @return OK, EPERM for another process, EINVAL for a short buffer, EFAULT for a bad address
     */
    int fetch(Process caller, int address, int length) {
        if (caller.priv == null || (caller.priv.flags & org.minixemu.kernel.abi.Abi.CONSOLE_PROC) == 0) {
            return org.minixemu.kernel.abi.Abi.EPERM;
        }
        if (length < KMESSAGES_SIZE) {
            return org.minixemu.kernel.abi.Abi.EINVAL;
        }
        byte[] copy = new byte[KMESSAGES_KM_BUF + pendingBytes];
        Message.putInt(copy, KMESSAGES_KM_SIZE, pendingBytes);
        Message.putInt(copy, KMESSAGES_KM_LOST, lostBytes);
        System.arraycopy(pending, 0, copy, KMESSAGES_KM_BUF, pendingBytes);
        if (!caller.program.space.write(address, copy, 0, copy.length)) {
            return org.minixemu.kernel.abi.Abi.EFAULT;
        }
        consoleEndpoint = caller.endpoint;
        pendingBytes = 0;
        lostBytes = 0;
        return org.minixemu.kernel.abi.Abi.OK;
    }

    /** Bytes waiting for the console process (for tests and the debugger). */
    int pendingBytes() {
        return pendingBytes;
    }

    private void emit(String s) {
        Process console = consoleProcess();
        if (console == null) {
            drainToHost();
            write(s.getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int room = pending.length - pendingBytes;
        int n = Math.min(room, bytes.length);
        System.arraycopy(bytes, 0, pending, pendingBytes, n);
        pendingBytes += n;
        lostBytes += bytes.length - n;
        signals.raise(console, SIGKMESS, "was told of console text");
    }

    /** The live console process, or null (then the kernel prints for itself). */
    private Process consoleProcess() {
        if (direct || table == null || consoleEndpoint == org.minixemu.kernel.abi.Abi.NONE) {
            return null;
        }
        Process p = table.lookup(consoleEndpoint);
        if (p == null) {
            consoleEndpoint = org.minixemu.kernel.abi.Abi.NONE;
        }
        return p;
    }

    private void drainToHost() {
        if (lostBytes > 0) {
            write(("kernel: " + lostBytes + " bytes of console text were lost\n").getBytes(StandardCharsets.ISO_8859_1));
            lostBytes = 0;
        }
        if (pendingBytes > 0) {
            byte[] text = java.util.Arrays.copyOf(pending, pendingBytes);
            pendingBytes = 0;
            write(text);
        }
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("console output failed", e);
        }
    }
}
