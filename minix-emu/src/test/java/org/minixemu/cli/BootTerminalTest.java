package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal under {@code minix-emu boot}: raw mode with the signal keys for the guest, the
 * Ctrl-A x escape, and the terminal's settings restored on every way out: the guest's power-off,
 * Ctrl-A x, the timeout, a boot that fails after the terminal was set up, and the JVM's shutdown
 * hook (SIGTERM, SIGINT). A jline {@link ExternalTerminal} fed from a byte array stands in for
 * the user's terminal: its settings live in memory, so the test can read them back.
 */
class BootTerminalTest {
    @TempDir
    Path dir;

    /** The fake terminal and the RawTerminal boot made of it. */
    private static final class FakeTerminal {
        final Terminal terminal;
        final Attributes cooked;
        private final byte[] keys;
        private final PipedOutputStream typing = new PipedOutputStream();
        RawTerminal raw;

        FakeTerminal(String keys) throws IOException {
            this.keys = keys.getBytes(StandardCharsets.ISO_8859_1);
            InputStream in = new PipedInputStream(typing, 4096);
            terminal = new ExternalTerminal("test", "xterm", in, new ByteArrayOutputStream(), StandardCharsets.UTF_8);
            cooked = new Attributes(terminal.getAttributes());
        }

        /** Types the keys, once the terminal is in raw mode (the line discipline sees them then). */
        void type() {
            try {
                typing.write(keys);
                typing.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Whether the terminal has its settings from before boot again. */
        boolean restored() {
            return terminal.getAttributes().toString().equals(cooked.toString());
        }

        /** Whether close() ran: it removes the shutdown hook, so removing it again fails. */
        boolean closed() {
            return !Runtime.getRuntime().removeShutdownHook(raw.restoreHook());
        }
    }

    /** Boots with {@code fake} as the terminal on standard input. */
    private static CommandRun onTerminal(FakeTerminal fake, String... args) {
        return CommandRun.of(boot -> {
            boot.stdin = System.in;                // the JVM's own: boot asks for the terminal
            boot.terminalFactory = () -> {
                fake.raw = new RawTerminal(fake.terminal, RawTerminal.Signals.GUEST);
                fake.type();
                return fake.raw;
            };
        }, args);
    }

    @Test
    void rawModeForTheGuestTurnsOffEchoLinesAndSignalsAndCloseRestoresThem() throws IOException {
        FakeTerminal fake = new FakeTerminal("");
        assertTrue(fake.cooked.getLocalFlag(LocalFlag.ICANON) && fake.cooked.getLocalFlag(LocalFlag.ISIG));
        RawTerminal raw = new RawTerminal(fake.terminal, RawTerminal.Signals.GUEST);
        Attributes now = fake.terminal.getAttributes();
        assertFalse(now.getLocalFlag(LocalFlag.ICANON));
        assertFalse(now.getLocalFlag(LocalFlag.ECHO));
        assertFalse(now.getLocalFlag(LocalFlag.ISIG), "Ctrl-C is the guest's");
        raw.close();
        assertEquals(fake.cooked.toString(), fake.terminal.getAttributes().toString());
        raw.close(); // a second close does nothing
    }

    @Test
    void rawModeForTheHostKeepsTheSignalKeys() throws IOException {
        FakeTerminal fake = new FakeTerminal("");
        try (RawTerminal raw = new RawTerminal(fake.terminal, RawTerminal.Signals.HOST)) {
            assertTrue(fake.terminal.getAttributes().getLocalFlag(LocalFlag.ISIG));
            assertFalse(fake.terminal.getAttributes().getLocalFlag(LocalFlag.ICANON));
        }
    }

    @Test
    void theShutdownHookRestoresTheTerminalWhenTheJvmIsStopped() throws IOException {
        FakeTerminal fake = new FakeTerminal("");
        RawTerminal raw = new RawTerminal(fake.terminal, RawTerminal.Signals.GUEST);
        try {
            assertFalse(fake.restored());
            raw.restoreHook().run();               // what SIGTERM or SIGINT runs
            assertTrue(fake.restored());
        } finally {
            raw.close();
        }
    }

    @Test
    void afterTheGuestPowersOffTheTerminalIsRestoredAndTheStatusIsZero() throws IOException {
        FakeTerminal fake = new FakeTerminal("hello\rquit\r");
        CommandRun run = onTerminal(fake, "boot", TestImages.console(dir).toString(), "--clock", "virtual");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.stdout().contains("console: got: hello\n"), run.stdout());
        assertTrue(run.err().contains("input from the terminal (raw; Ctrl-A x quits, Ctrl-A h helps)"), run.err());
        assertNotNull(fake.raw);
        assertTrue(fake.restored() && fake.closed());
    }

    @Test
    void ctrlCIsAByteForTheGuestNotASignal() throws IOException {
        FakeTerminal fake = new FakeTerminal("a\u0003b\rquit\r");
        CommandRun run = onTerminal(fake, "boot", TestImages.console(dir).toString(), "--clock", "virtual");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.stdout().contains("console: got: a\u0003b\n"), run.stdout());
        assertTrue(fake.restored() && fake.closed());
    }

    @Test
    void ctrlAxQuitsWithStatusZeroAndRestoresTheTerminal() throws IOException {
        FakeTerminal fake = new FakeTerminal("\u0001x");
        CommandRun run = onTerminal(fake, "boot", TestImages.console(dir).toString(), "--clock", "virtual");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.stdout().contains("minix-emu: terminated (Ctrl-A x)"), run.stdout());
        assertTrue(fake.restored() && fake.closed());
    }

    @Test
    void theTimeoutRestoresTheTerminal() throws IOException {
        FakeTerminal fake = new FakeTerminal("");
        CommandRun run = onTerminal(fake, "boot", TestImages.console(dir).toString(), "--clock", "virtual",
                "--timeout", "1");
        assertEquals(124, run.status(), run.err());
        assertTrue(fake.restored() && fake.closed());
    }

    @Test
    void aBootThatFailsAfterTheTerminalWasSetUpRestoresIt() throws IOException {
        Path cfg = Files.writeString(dir.resolve("boot.cfg"), "process ping {\n    program ping.elf\n}\n");
        Path fakeElf = Files.writeString(dir.resolve("ping.elf"), "not a program");
        Path bad = dir.resolve("bad.img");
        assertEquals(0, CommandRun.of("image", "build", "--config", cfg.toString(), "--out", bad.toString(),
                fakeElf.toString()).status());
        FakeTerminal fake = new FakeTerminal("");
        CommandRun run = onTerminal(fake, "boot", bad.toString(), "--clock", "virtual");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.errLine().contains("not an ELF file"), run.err());
        assertTrue(fake.restored() && fake.closed());
    }
}
