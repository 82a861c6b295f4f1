package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.minixemu.kernel.KernelResult;

/**
 * Assertions on the console of the guest test programs that print one line per check
 * ({@code systests/common/ktest.h}): "LABEL: ok NAME" or "LABEL: FAIL NAME: got X, expected Y",
 * then "LABEL: N failures" before powering the machine off with N as the status.
 */
final class CheckLines {
    private CheckLines() {
    }

    /** No check failed anywhere, and {@code label} powered the machine off with 0 failures. */
    static void allPassed(GuestSystem.Run run, String label) {
        List<String> failed = run.lines().stream().filter(l -> l.contains(": FAIL ")).toList();
        assertEquals(List.of(), failed, run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
        assertTrue(run.lines().contains(label + ": 0 failures"), run.console());
    }

    /** Each check was printed as passed by {@code label}; names every one that was not. */
    static void passed(GuestSystem.Run run, String label, String... checks) {
        List<String> missing = new ArrayList<>();
        for (String check : checks) {
            if (!run.lines().contains(label + ": ok " + check)) {
                missing.add(label + ": ok " + check);
            }
        }
        assertEquals(List.of(), missing, () -> "missing check lines; the console was\n" + run.console());
    }

    /** The console holds each line exactly. */
    static void printed(GuestSystem.Run run, String... lines) {
        List<String> missing = new ArrayList<>();
        for (String line : lines) {
            if (!run.lines().contains(line)) {
                missing.add(line);
            }
        }
        assertEquals(List.of(), missing, () -> "missing console lines; the console was\n" + run.console());
    }
}
