package org.minixemu.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the kernel's own messages and the processes' diagnostics text go (the machine's console
 * line). Each line of a process's text is printed whole, prefixed with its label, so that lines
 * of different processes never interleave mid-line.
 */
final class KernelConsole {
    private final OutputStream out;

    KernelConsole(OutputStream out) {
        this.out = out;
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

    private void emit(String s) {
        try {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("console output failed", e);
        }
    }
}
