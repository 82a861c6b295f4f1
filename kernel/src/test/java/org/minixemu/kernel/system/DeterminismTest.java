package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the virtual clock a boot repeats exactly (DESIGN.md section 6): the same image gives the
 * same console, byte for byte, including the fuzzer's result counts and the canary's loop
 * counts per clock interval, which depend on every preemption and every interrupt.
 */
class DeterminismTest {
    @TempDir
    Path dir;

    private String run(Path where) {
        GuestSystem.Run run = new GuestSystem(where).config(KernelFuzzTest.config(12345, 3000))
                .programs("canary", "kfuzz").boot();
        assertTrue(run.console().contains("canary: memory intact"), run.console());
        return run.console();
    }

    @Test
    void twoBootsOfTheSameImageGiveTheSameConsole() throws Exception {
        String first = run(java.nio.file.Files.createDirectories(dir.resolve("a")));
        String second = run(java.nio.file.Files.createDirectories(dir.resolve("b")));
        assertTrue(first.contains("loops per interval"), first);
        assertEquals(first, second);
    }
}
