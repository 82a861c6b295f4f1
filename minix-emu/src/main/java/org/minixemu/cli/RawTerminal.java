package org.minixemu.cli;

import java.io.IOException;
import java.io.InputStream;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's terminal as a serial line: in raw mode, so that each key reaches the guest as it is
 * typed, without local echo or line editing (the guest echoes, as a real terminal line works).
 * With {@link Signals#HOST} Ctrl-C, Ctrl-\ and Ctrl-Z still act on the emulator (for {@code run},
 * whose guests rarely read input); with {@link Signals#GUEST} they are plain bytes for the guest,
 * whose tty turns them into SIGINT, SIGQUIT and SIGTSTP, and the emulator is left with Ctrl-A x
 * (as QEMU's {@code -serial mon:stdio}). The terminal's settings are restored on {@link #close},
 * and by a shutdown hook if the JVM is stopped first (SIGTERM, SIGINT from another shell,
 * {@code System.exit} from anywhere).
 */
final class RawTerminal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawTerminal.class);

    /** Who gets the signal keys. */
    enum Signals {
        /** The terminal sends SIGINT, SIGQUIT, SIGTSTP to the emulator, as in a cooked terminal. */
        HOST,
        /** They are bytes for the guest (ISIG off). */
        GUEST
    }

    private final Terminal terminal;
    private final Attributes saved;
    private final Thread restoreOnExit;
    private boolean closed;

    /** Puts {@code terminal} in raw mode; tests give a jline {@code ExternalTerminal}. */
    RawTerminal(Terminal terminal, Signals signals) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        if (signals == Signals.GUEST) {
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            terminal.setAttributes(raw);
        }
        this.restoreOnExit = new Thread(this::restore, "restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /**
     * The system terminal in raw mode when standard input is one, or null (pipes and files are
     * read as they are).
     */
    static RawTerminal openIfInteractive(Signals signals) {
        if (System.console() == null) {
            return null;
        }
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return new RawTerminal(t, signals);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no raw terminal; reading standard input as a stream", e);
            return null;
        }
    }

    /** {@link #openIfInteractive(Signals)} with the signal keys for the emulator. */
    static RawTerminal openIfInteractive() {
        return openIfInteractive(Signals.HOST);
    }

    /** Keystrokes, byte by byte. */
    InputStream input() {
        return terminal.input();
    }

    /** The hook that restores the terminal if the JVM exits first; tests run it. */
    Thread restoreHook() {
        return restoreOnExit;
    }

    private void restore() {
        try {
            terminal.setAttributes(saved);
            terminal.flush();
        } catch (RuntimeException e) {
            LOG.debug("could not restore the terminal", e);
        }
    }

    /** Restores the terminal's settings and releases it; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or has run: nothing left to undo.
        }
        try {
            terminal.close();
        } catch (IOException e) {
            LOG.debug("closing the terminal", e);
        }
    }
}
