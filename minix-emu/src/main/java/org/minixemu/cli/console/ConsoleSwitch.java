package org.minixemu.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.minixemu.cli.debug.CommandSet;
import org.minixemu.cli.debug.StopEvent;
import org.minixemu.cli.debug.StopListener;

/**
 * The keyboard shared by the guest console and the debugger console, as QEMU's Ctrl-A c: it sits
 * between the terminal and the guest's serial input ({@code InputStreamSerialInput} reads it as
 * it would read the terminal), passes keys to the guest while the guest console has them, and
 * while the debugger console has them edits a line, runs it as a console command and prints the
 * answer on the terminal. The guest's output keeps going to the terminal either way, and the
 * machine keeps running until told {@code stop}.
 *
 * <p>Commands run on the thread that reads the keyboard; a command that waits for the machine
 * ({@code step}) only holds up keys, which the guest does not get meanwhile anyway.
 */
public final class ConsoleSwitch extends InputStream {
    /** The debugger console's prompt. */
    public static final String PROMPT = "(minix-emu) ";

    private final InputStream keyboard;
    private final OutputStream terminal;
    private final EscapeDecoder decoder = new EscapeDecoder();
    private final StringBuilder line = new StringBuilder();
    private final byte[] raw = new byte[256];
    private final byte[] guest = new byte[256];
    private int guestCount;
    private volatile CommandSet commands;
    /** Open once {@link #attach} has run: a sequence typed before (or piped in) waits for it. */
    private final java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
    /** How long a sequence waits for the machine to be attached; tests of the unattached switch shorten it. */
    long attachWaitMillis = 30_000;
    private volatile Runnable quit = () -> { };
    private boolean debuggerHasKeys;
    private boolean lastWasCr;

    /** Reads {@code keyboard}; the debugger console writes to {@code terminal}. */
    public ConsoleSwitch(InputStream keyboard, OutputStream terminal) {
        this.keyboard = keyboard;
        this.terminal = terminal;
    }

    /**
     * Connects the debugger console, once the machine exists: {@code commands} answer its lines,
     * {@code quit} ends the emulator (Ctrl-A x). Stops (a breakpoint, a step) are printed on the
     * terminal whichever console has the keys.
     */
    public void attach(CommandSet commands, Runnable quit) {
        this.commands = commands;
        this.quit = quit;
        attached.countDown();
        commands.core().addListener(new StopListener() {
            @Override
            public void stopped(StopEvent event) {
                if (event.reason() != StopEvent.Reason.STEP) { // a step's answer is the command's own
                    print("\n[" + commands.describeStop(event) + "]\n");
                }
            }

            @Override
            public void ended(int status, String description) {
                // The command reports the end itself.
            }
        });
    }

    /** Whether the debugger console has the keyboard. */
    public synchronized boolean debuggerHasKeys() {
        return debuggerHasKeys;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /** Blocks until there are bytes for the guest (or the keyboard has ended: -1). */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            // Guest bytes never outnumber the raw bytes they come from, so len bounds both.
            int n = keyboard.read(raw, 0, Math.min(len, raw.length));
            if (n < 0) {
                return -1;
            }
            guestCount = 0;
            for (int i = 0; i < n; i++) {
                decoder.feed(raw[i] & 0xFF, sink);
            }
            if (guestCount > 0) {
                System.arraycopy(guest, 0, b, off, guestCount);
                return guestCount;
            }
        }
    }

    private final Decoded sink = new Decoded();

    /** Routes decoded bytes to the guest or the line editor, and carries out the commands. */
    private final class Decoded implements EscapeDecoder.Sink {
        @Override
        public void data(int b) {
            if (!debuggerHasKeys()) {
                guest[guestCount++] = (byte) b;
            } else {
                edit(b);
            }
        }

        @Override
        public void command(EscapeDecoder.Command c) {
            if (c != EscapeDecoder.Command.HELP) {
                awaitAttached();
            }
            switch (c) {
                case TOGGLE -> toggle();
                case QUIT -> {
                    if (commands == null) {
                        print("\n[no machine to quit yet]\n");
                        return;
                    }
                    print("\nminix-emu: terminated (Ctrl-A x)\n");
                    quit.run();
                }
                case HELP -> print("\n" + EscapeDecoder.HELP_TEXT + (debuggerHasKeys() ? PROMPT : ""));
            }
        }
    }

    /**
     * Keys come in from the moment the serial input starts reading, which is before the machine
     * and its debugger exist; a Ctrl-A c or x typed (or piped) that early waits for them rather
     * than being lost.
     */
    private void awaitAttached() {
        try {
            attached.await(attachWaitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void toggle() {
        boolean toDebugger;
        synchronized (this) {
            if (commands == null) {
                print("\n[no debugger console yet: the machine is still starting]\n");
                return;
            }
            debuggerHasKeys = !debuggerHasKeys;
            toDebugger = debuggerHasKeys;
        }
        line.setLength(0);
        print(toDebugger ? "\n[debugger console: 'help' lists the commands, Ctrl-A c goes back to the guest]\n" + PROMPT
                : "\n[guest console]\n");
    }

    /** One key of the debugger console's line, in raw mode: we echo, erase and end lines ourselves. */
    private void edit(int b) {
        if (b == '\n' && lastWasCr) {
            lastWasCr = false;
            return; // CR LF from a pipe is one Enter
        }
        lastWasCr = b == '\r';
        if (b == '\r' || b == '\n') {
            print("\n");
            String command = line.toString().trim();
            line.setLength(0);
            runLine(command);
        } else if (b == 0x7F || b == 0x08) {
            if (line.length() > 0) {
                line.setLength(line.length() - 1);
                print("\b \b");
            }
        } else if (b == 0x15) { // Ctrl-U: kill the line
            print("\r" + " ".repeat(PROMPT.length() + line.length()) + "\r" + PROMPT);
            line.setLength(0);
        } else if (b >= 0x20 && b < 0x7F && line.length() < 4096) {
            line.append((char) b);
            print(String.valueOf((char) b));
        }
    }

    private void runLine(String command) {
        if (command.equals("quit") || command.equals("exit")) {
            toggle();
            return;
        }
        String answer;
        try {
            answer = commands.execute(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = "interrupted";
        }
        print(answer.isEmpty() ? PROMPT : answer + "\n" + PROMPT);
    }

    private void print(String text) {
        synchronized (terminal) {
            try {
                terminal.write(text.getBytes(StandardCharsets.UTF_8));
                terminal.flush();
            } catch (IOException e) {
                // The terminal is gone; nothing to show it on.
            }
        }
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
    }
}
