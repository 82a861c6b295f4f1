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
 * Signals stay on, so Ctrl-C still stops the emulator. The terminal's settings are restored on
 * {@link #close}, and by a shutdown hook if the JVM is stopped first.
 */
final class RawTerminal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawTerminal.class);

    private final Terminal terminal;
    private final Attributes saved;
    private final Thread restoreOnExit;

    private RawTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        this.restoreOnExit = new Thread(this::restore, "restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /**
     * The system terminal in raw mode when standard input is one, or null (pipes and files are
     * read as they are).
     */
    static RawTerminal openIfInteractive() {
        if (System.console() == null) {
            return null;
        }
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return new RawTerminal(t);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no raw terminal; reading standard input as a stream", e);
            return null;
        }
    }

    /** Keystrokes, byte by byte. */
    InputStream input() {
        return terminal.input();
    }

    private void restore() {
        try {
            terminal.setAttributes(saved);
            terminal.flush();
        } catch (RuntimeException e) {
            LOG.debug("could not restore the terminal", e);
        }
    }

    @Override
    public void close() {
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
