package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minixemu.kernel.KernelResult;

/** What every guest test program run by init must show: its summary line and a clean end. */
final class GuestTests {
    private GuestTests() {
    }

    /**
     * The default image's boot.cfg (the whole system: PM, VM, RS, DS, hello, testsvc, init) with
     * init running {@code initArgs} instead: the tests boot exactly the system users boot.
     */
    static String defaultImageConfig(String initArgs) {
        String root = System.getProperty("minixemu.root");
        Path cfg = Path.of(root == null ? ".." : root).resolve("disk-images/src/main/image/boot.cfg");
        try {
            // Only init's args: at_wini's users= and inet's ip= stay as the image has them.
            return Files.readString(cfg).replaceAll("(?s)(process init \\{.*?\\n\\s*args) [^\\n]*",
                    "$1 " + java.util.regex.Matcher.quoteReplacement(initArgs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default image's servers and drivers (boot.cfg names them; tests add their own). */
    static final String[] SERVERS = {"pm", "vm", "rs", "ds", "vfs", "inet"};
    static final String[] DRIVERS = {"memory", "tty", "hellodrv", "testsvc", "at_wini", "dp8390"};

    /**
     * The whole system users boot -- the default image's boot.cfg and programs, every command
     * built (the shell and utilities included) -- with init running {@code initArgs}. The
     * user programs' output reaches the console through VFS and the tty, as on a real boot.
     */
    static GuestSystem defaultSystem(Path dir, String initArgs) {
        // Booted from an image file, as `minix-emu boot` does, so at_wini has its disk.
        return withDefaultPrograms(new GuestSystem(dir).config(defaultImageConfig(initArgs))
                .diskFile(dir.resolve("minix.img"), 0));
    }

    /** Adds the default image's servers and drivers and every built command to {@code system}. */
    static GuestSystem withDefaultPrograms(GuestSystem system) {
        String root = System.getProperty("minixemu.root");
        Path commands = Path.of(root == null ? ".." : root).resolve("commands/target");
        system.programsFrom("servers", SERVERS).programsFrom("drivers", DRIVERS);
        try (java.util.stream.Stream<Path> files = Files.list(commands)) {
            // The `ds` command is built as commands/target/ds: ds.elf is the DS server.
            files.filter(f -> f.getFileName().toString().endsWith(".elf") && !f.getFileName().toString().equals("ds.elf")
                    || f.getFileName().toString().equals("ds")).sorted().forEach(system::file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return system;
    }

    /**
     * {@code program} printed {@code PROGRAM: N passed, 0 failed} with N > 0, init saw it exit
     * with status 0, and the machine powered off with status 0.
     */
    static void assertPassed(GuestSystem.Run run, String program) {
        String summary = run.lines().stream().filter(l -> l.matches(program + ": \\d+ passed, \\d+ failed"))
                .findFirst().orElse("");
        assertTrue(summary.endsWith(" 0 failed") && !summary.contains(" 0 passed"), run.console());
        assertTrue(run.console().contains("init: " + program + " exited with status 0"), run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
    }
}
