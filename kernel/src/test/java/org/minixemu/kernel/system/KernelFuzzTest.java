package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minixemu.kernel.KernelResult;

/**
 * Seeded random kernel calls and IPC calls from an unprivileged system process (guest program
 * {@code kfuzz}: {@code system BASIC}, IPC with the canary only; random call numbers, message
 * fields, endpoints and addresses, but never a call that could block for ever), beside a
 * {@code canary} that keeps a checksummed 64 KiB buffer and wakes on an alarm every 2 ticks
 * (the clock runs at 1000 Hz here). Every call must return, the kernel must not fail (an
 * exception in it would end the run as {@link KernelResult.Outcome#KERNEL_ERROR}), and the
 * canary must find its memory intact and itself run in every interval; it then powers the
 * machine off with status 0.
 *
 * <p>The short runs below take a few seconds each. The long run is skipped unless the system
 * property {@code minixemu.fuzz.calls} is set, e.g.
 * {@code mvn -pl kernel test -Dtest=KernelFuzzTest -Dminixemu.fuzz.calls=100000}; the seed is
 * {@code minixemu.fuzz.seed} (default 1).
 */
class KernelFuzzTest {
    private static final Pattern CANARY = Pattern.compile("canary: memory intact, ran in (\\d+) of (\\d+) intervals");

    @TempDir
    Path dir;

    static String config(long seed, int calls) {
        return """
                hz 1000
                process canary {
                    program canary.elf
                    args @kfuzz
                    system BASIC ABORT
                    priority 3
                }
                process kfuzz {
                    program kfuzz.elf
                    args %d %d @canary
                    system BASIC
                    ipc canary
                    priority 5
                    quantum 20
                }
                """.formatted(seed, calls);
    }

    @ParameterizedTest(name = "seed {0}, {1} calls")
    @CsvSource({"1, 5000", "20240611, 5000", "3735928559, 5000"})
    void randomCallsLeaveTheKernelRunningAndTheCanaryIntact(long seed, int calls) {
        fuzz(seed, calls);
    }

    @Test
    void longRunWhenAskedFor() {
        String calls = System.getProperty("minixemu.fuzz.calls");
        Assumptions.assumeTrue(calls != null && !calls.isBlank(), "set -Dminixemu.fuzz.calls=N for the long run");
        fuzz(Long.getLong("minixemu.fuzz.seed", 1L), Integer.parseInt(calls.trim()));
    }

    private void fuzz(long seed, int calls) {
        GuestSystem.Run run = new GuestSystem(dir).config(config(seed, calls)).programs("kfuzz", "canary").boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        String made = "kfuzz: seed " + seed + ": " + calls + " calls made";
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith(made)), run.console());
        Matcher canary = run.lines().stream().map(CANARY::matcher).filter(Matcher::matches).findFirst().orElse(null);
        assertTrue(canary != null, run.console());
        assertEquals(canary.group(2), canary.group(1), "the canary ran in every interval\n" + run.console());
        assertTrue(Integer.parseInt(canary.group(2)) >= 1, run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
    }
}
