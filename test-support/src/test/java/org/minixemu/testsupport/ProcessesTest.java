package org.minixemu.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessesTest {
    /** Far more than a pipe holds (64 KiB on Linux), on both streams. */
    private static final String FLOOD = "head -c 300000 /dev/zero | tr '\\\\0' a; head -c 300000 /dev/zero >&2";

    @Test
    void theTimeoutFiresWhileTheProgramFillsItsPipesAndWaits() {
        // The program floods both pipes and then never ends: if the output were read on the
        // waiting thread, the read would block and the 2 s timeout could not fire.
        AssertionError e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(AssertionError.class,
                () -> Processes.run(new ProcessBuilder("bash", "-c", FLOOD + "; exec sleep 600"),
                        Duration.ofSeconds(2))));
        assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
    }

    @Test
    void aProgramThatFillsItsPipesAndEndsIsReadWhole() throws Exception {
        Processes.Result r = Processes.run(new ProcessBuilder("bash", "-c", FLOOD + "; exit 3"), Duration.ofSeconds(30));
        assertEquals(3, r.status());
        assertEquals(300000, r.stdoutBytes().length);
        assertEquals(300000, r.stderrBytes().length);
    }

    @Test
    void standardInputIsFedAndClosed() throws Exception {
        String big = "x".repeat(200_000) + "\n";
        Processes.Result r = Processes.run(new ProcessBuilder("wc", "-c"), big, Duration.ofSeconds(30));
        assertEquals(0, r.status());
        assertEquals("200001", r.stdout().strip());
    }
}
