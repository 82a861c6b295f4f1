package org.minixemu.cli.console;

/**
 * The terminal's escape sequences, as QEMU's Ctrl-A prefix: Ctrl-A c toggles between the guest
 * console and the debugger console, Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A Ctrl-A is one
 * literal Ctrl-A, and Ctrl-A followed by anything else is dropped (as QEMU does), so a mistyped
 * command never reaches the guest. Every other byte passes through. Pure: bytes in, bytes and
 * commands out, so it is tested without a terminal.
 */
public final class EscapeDecoder {
    /** The escape prefix: Ctrl-A. */
    public static final int PREFIX = 0x01;

    /** What a sequence asks for. */
    public enum Command {
        /** Ctrl-A c: switch between the guest and the debugger console. */
        TOGGLE,
        /** Ctrl-A x: end the emulator. */
        QUIT,
        /** Ctrl-A h: list the sequences. */
        HELP
    }

    /** Receives what the decoder makes of the bytes, in order. */
    public interface Sink {
        /** A byte for whichever console has the keyboard. */
        void data(int b);

        /** A command sequence was typed. */
        void command(Command c);
    }

    /** The help text for Ctrl-A h. */
    public static final String HELP_TEXT = """
            Ctrl-A c   switch between the guest console and the debugger console
            Ctrl-A x   quit the emulator (the guest is powered off)
            Ctrl-A h   this help
            Ctrl-A Ctrl-A  send Ctrl-A to the guest
            """;

    private boolean escaped;

    /** Decodes one byte (0 to 255). */
    public void feed(int b, Sink sink) {
        if (!escaped) {
            if (b == PREFIX) {
                escaped = true;
            } else {
                sink.data(b);
            }
            return;
        }
        escaped = false;
        switch (b) {
            case PREFIX -> sink.data(PREFIX);
            case 'c', 'C' -> sink.command(Command.TOGGLE);
            case 'x', 'X' -> sink.command(Command.QUIT);
            case 'h', 'H', '?' -> sink.command(Command.HELP);
            default -> {
                // Unknown: dropped with its prefix, as QEMU's mux does.
            }
        }
    }
}
