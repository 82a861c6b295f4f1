package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minix-emu boot}'s session: piped standard input as the console's input, fed without loss
 * and without its end stopping the machine; the banner and the ready line on standard error; and
 * the effect of --serial and the NE2000's options.
 */
class BootSessionTest {
    private static final Pattern READY = Pattern.compile("minix-emu: ready in \\d+\\.\\d\\d s guest, \\d+\\.\\d\\d s wall");

    @TempDir
    Path dir;

    /** Boots {@code image} with {@code input} as standard input (not a terminal). */
    private static CommandRun piped(String input, String... args) {
        return CommandRun.of(boot -> boot.stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                args);
    }

    private static String[] args(Path image, String... more) {
        String[] all = new String[more.length + 4];
        all[0] = "boot";
        all[1] = image.toString();
        all[2] = "--clock";
        all[3] = "virtual";
        System.arraycopy(more, 0, all, 4, more.length);
        return all;
    }

    @Test
    void pipedLinesReachTheConsoleAndTheGuestsPowerOffIsStatusZero() throws IOException {
        CommandRun run = piped("hello\nminix\nquit\n", args(TestImages.console(dir)));
        assertEquals(0, run.status(), run.err() + run.stdout());
        assertTrue(run.stdout().contains("console: got: hello\nconsole: got: minix\nconsole: got: quit\n"),
                run.stdout());
    }

    @Test
    void aLongPipedSessionLosesNothingBecauseTheHostWaitsForTheReceiver() throws IOException {
        // 300 lines of 100 bytes: far more than the UART's 16 bytes and the host line's 256 at once.
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String line = String.format("%03d:", i) + "x".repeat(96);
            in.append(line).append('\n');
            expected.append("console: got: ").append(line).append('\n');
        }
        CommandRun run = piped(in + "quit\n", args(TestImages.console(dir)));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.stdout().contains(expected), "lines lost or garbled:\n" + run.stdout());
    }

    @Test
    void aLineThatArrivesAfterTheGuestWentIdleStillGoesIn() throws IOException {
        // A pipe whose writer is slow: the guest is idle, waiting, long before the bytes exist,
        // and on the virtual clock it then never runs a slice of its own (only clock ticks
        // pass); the idle machine must look at its host input all the same.
        java.io.InputStream slowPipe = new java.io.InputStream() {
            private final byte[] line = "quit\n".getBytes(StandardCharsets.ISO_8859_1);
            private int at = -1;

            @Override
            public int read() throws IOException {
                if (at < 0) {
                    at = 0;
                    try {
                        Thread.sleep(500); // the writer's delay, not a wait for the guest
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return at < line.length ? line[at++] & 0xFF : -1;
            }
        };
        CommandRun run = CommandRun.of(boot -> boot.stdin = slowPipe,
                args(TestImages.console(dir), "--timeout", "60"));
        assertEquals(0, run.status(), run.err() + run.stdout());
        assertTrue(run.stdout().contains("console: got: quit\n"), run.stdout());
    }

    @Test
    void theEndOfStandardInputDoesNotStopTheMachine() throws IOException {
        // No "quit": after the input ends the driver waits on; only --timeout ends the run.
        CommandRun run = piped("hello\n", args(TestImages.console(dir), "--timeout", "1"));
        assertEquals(124, run.status(), run.err());
        assertTrue(run.stdout().contains("console: got: hello\n"), run.stdout());
        assertTrue(run.lastErrLine().startsWith("minix-emu: timeout"), run.err());
    }

    @Test
    void theBannerOnStandardErrorNamesTheVersionMemoryDiskConsoleAndNic() throws IOException {
        Path image = TestImages.console(dir);
        CommandRun run = piped("quit\n", args(image, "--memory", "32M", "--mac", "52:54:00:aa:bb:cc", "--snapshot"));
        assertEquals(0, run.status(), run.err());
        List<String> err = run.err().lines().toList();
        assertTrue(err.get(0).matches("minix-emu \\S+: 32 MiB RAM, virtual clock, 100000000 instructions per guest"
                + " second"), run.err());
        assertTrue(err.get(1).startsWith("minix-emu: disk " + image + ": "), run.err());
        assertTrue(err.get(1).contains("snapshot (writes kept in memory); partition 1: type 0x81 (MINIX), "), run.err());
        assertTrue(err.get(1).endsWith(", the boot partition"), run.err());
        assertEquals("minix-emu: boot.cfg: 1 boot processes, clock at 60 Hz", err.get(2));
        assertEquals("minix-emu: COM1 at 0x3F8, IRQ 4: the console, output to standard output, input from standard"
                + " input", err.get(3));
        assertEquals("minix-emu: NE2000 at 0x300, IRQ 9, MAC 52:54:00:aa:bb:cc, network none", err.get(4));
        assertFalse(run.stdout().contains("minix-emu"), "the guest's transcript stays clean:\n" + run.stdout());
    }

    @Test
    void theReadyLineComesOnceWhenTheGuestFirstWaitsForConsoleInput() throws IOException {
        CommandRun run = piped("hello\nquit\n", args(TestImages.console(dir)));
        assertEquals(0, run.status(), run.err());
        List<String> ready = run.err().lines().filter(l -> l.contains("ready in")).toList();
        assertEquals(1, ready.size(), run.err());
        assertTrue(READY.matcher(ready.get(0)).matches(), ready.get(0));
    }

    @Test
    void aSystemThatNeverReadsTheConsoleIsNeverReady() throws IOException {
        Path image = TestImages.build(dir, "pong.img", """
                process pong {
                    program pong.elf
                }
                """, "pong");
        CommandRun run = piped("", args(image));
        assertEquals(4, run.status(), run.err());
        assertFalse(run.err().contains("ready in"), run.err());
    }

    @Test
    void theReadyLineFormatsGuestAndWallSeconds() {
        assertEquals("minix-emu: ready in 0.84 s guest, 1.61 s wall", BootCommand.readyLine(840_000_000L, 1_610));
    }

    @Test
    void serialToAFileTakesTheConsoleOffStandardOutput() throws IOException {
        Path log = dir.resolve("console.log");
        CommandRun run = piped("hello\nquit\n", args(TestImages.console(dir), "--serial", log.toString()));
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.stdout());
        assertTrue(Files.readString(log).contains("console: got: hello\n"), Files.readString(log));
        assertTrue(run.err().contains("the console, output to " + log + ", input from standard input"), run.err());
    }

    @Test
    void serialNoneDiscardsTheConsoleAndInputStillArrives() throws IOException {
        CommandRun run = piped("quit\n", args(TestImages.console(dir), "--serial", "none"));
        assertEquals(0, run.status(), "quit was read: " + run.err());
        assertEquals("", run.stdout());
    }

    @Test
    void theNicGoesWhereTheOptionsSayWithItsBackEndAndCapture() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Path pcap = dir.resolve("frames.pcap");
        String net = "udp:" + port + ":127.0.0.1:" + port;
        CommandRun run = piped("quit\n", args(TestImages.console(dir), "--net", net, "--pcap", pcap.toString(),
                "--nic-io", "0x320", "--nic-irq", "10"));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("minix-emu: NE2000 at 0x320, IRQ 10, MAC 52:54:00:12:34:56, network " + net
                + ", captured to a pcap file"), run.err());
        byte[] capture = Files.readAllBytes(pcap);
        assertEquals(24, capture.length, "a pcap file with its global header and no frames");
        assertEquals((byte) 0xD4, capture[0], "pcap magic, little-endian");
    }
}
