package org.minixemu.cli;

import java.io.PrintStream;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Reports logback's own warnings and errors (an appender that cannot write, a configuration
 * file that does not parse) on stderr, one line each: {@code minix-emu: logging: message}.
 *
 * <p>With a status listener registered, logback skips its own end-of-start-up check, which
 * prints such problems with timestamps; that check's date formatting alone cost about 20 ms of
 * every start of the command.
 */
final class LogProblemReporter implements StatusListener {
    private final PrintStream out;

    LogProblemReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            out.println("minix-emu: logging: " + status.getMessage()
                    + (status.getThrowable() != null ? " (" + status.getThrowable() + ")" : ""));
        }
    }

    @Override
    public boolean isResetResistant() {
        return true; // a reconfiguration must not silence the reports
    }
}
