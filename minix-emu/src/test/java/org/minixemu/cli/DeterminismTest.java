package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md section 6: on the virtual clock a run repeats bit for bit. A kernel prints the
 * time-stamp counter, a latched PIT count and the RTC's seconds around 50 timer interrupts waited
 * for with HLT (so idle fast-forward is exercised), and sends a frame on the NE2000; two runs
 * must print the same bytes and write the same pcap file.
 */
class DeterminismTest {
    @TempDir
    Path dir;

    private byte[][] runOnce(Path kernel, String tag) throws Exception {
        Path serial = dir.resolve("serial-" + tag + ".txt");
        Path pcap = dir.resolve("frames-" + tag + ".pcap");
        CommandRun run = CommandRun.of("run", "--kernel", kernel.toString(), "--clock", "virtual",
                "--serial", serial.toString(), "--debugcon", "none", "--pcap", pcap.toString(), "--timeout", "60");
        assertEquals(0, run.status(), run.err());
        return new byte[][] {Files.readAllBytes(serial), Files.readAllBytes(pcap)};
    }

    @Test
    void twoRunsOnTheVirtualClockPrintTheSameBytesAndWriteTheSamePcap() throws Exception {
        Path kernel = TestKernels.build(dir, "determinism");
        byte[][] first = runOnce(kernel, "a");
        byte[][] second = runOnce(kernel, "b");
        String text = new String(first[0], java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(2, text.lines().filter(l -> l.startsWith("tsc ")).count(), text);
        assertTrue(first[1].length > 24 + 16 + 60 - 1, "the capture holds the frame");
        assertArrayEquals(first[0], second[0], "serial output differs between runs:\n" + text);
        assertArrayEquals(first[1], second[1], "pcap files differ between runs");
    }

    @Test
    void onTheRealtimeClockIdleTimeIsSleptSoTheRunLastsAtLeastTheGuestTime() throws Exception {
        // 2000 PIT ticks at 1 kHz in HLT: two seconds of guest time, nearly all idle. On the
        // virtual clock this kernel runs in well under that (about 0.6 s cold, in-process); on the
        // realtime clock it cannot end sooner. A lower bound only: a busy machine cannot fail it.
        Path kernel = TestKernels.build(dir, "idle", "determinism.S");
        long start = System.nanoTime();
        CommandRun run = CommandRun.of("run", "--kernel", kernel.toString(), "--clock", "realtime",
                "--serial", "none", "--debugcon", "none", "--timeout", "60");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, run.status(), run.err());
        assertTrue(elapsedMillis >= 2000, "a realtime run took only " + elapsedMillis + " ms of wall time");
    }
}
