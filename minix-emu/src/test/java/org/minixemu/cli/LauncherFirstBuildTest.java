package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;

/**
 * bin/minix-emu's first use: with the jar missing it builds, showing one line of progress and
 * keeping Maven's output in minix-emu/target/first-build.log, and shows the log's tail only when
 * the build fails. Run on a copy of the script in a scratch tree, with a fake {@code mvn} (300
 * lines of noise, then the jar and image, or a failure) and a fake {@code java} (prints its
 * arguments) first on the PATH: no real build, nothing timing-dependent.
 */
class LauncherFirstBuildTest {
    private static final String NOISE = "[INFO] gcc -m32 noise line ";

    @TempDir
    Path root;
    private Path fakes;

    @BeforeEach
    void scratchTreeWithFakeTools() throws IOException {
        root = root.toRealPath(); // the script names its root with cd -P: no symlinks
        String repo = System.getProperty("minixemu.root");
        Path script = Path.of(repo != null ? repo : "..").resolve("bin/minix-emu");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(script, root.resolve("bin/minix-emu"));
        fakes = Files.createDirectories(root.resolve("fake-bin"));
        // The script runs mvn from the repository root, so the fake builds relative to it.
        executable(fakes.resolve("mvn"), """
                #!/bin/sh
                echo "$*" >> fake-bin/mvn-calls
                for i in $(seq 1 300); do echo "%s$i"; echo "%s$i (stderr)" >&2; done
                [ -n "$FAKE_MVN_FAIL" ] && exit 1
                mkdir -p minix-emu/target disk-images/target
                : > minix-emu/target/minix-emu.jar
                : > disk-images/target/minix.img
                """.formatted(NOISE, NOISE));
        executable(fakes.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Processes.Result launch(boolean mvnFails) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/minix-emu").toString(), "--version");
        pb.environment().put("PATH", fakes + ":/usr/bin:/bin");
        if (mvnFails) {
            pb.environment().put("FAKE_MVN_FAIL", "1");
        } else {
            pb.environment().remove("FAKE_MVN_FAIL");
        }
        return Processes.run(pb, Duration.ofSeconds(60));
    }

    @Test
    void theFirstRunShowsOneLineAndKeepsTheBuildInALog() throws IOException {
        Path log = root.resolve("minix-emu/target/first-build.log");
        Processes.Result first = launch(false);
        assertEquals(0, first.status(), first.output());
        assertEquals(List.of("minix-emu: building minix-emu on first use, about a minute... (log: " + log + ")"),
                first.stderr().lines().toList());
        assertEquals("java -Dminixemu.defaultImage=" + root.resolve("disk-images/target/minix.img") + " -jar "
                + root.resolve("minix-emu/target/minix-emu.jar") + " --version", first.stdout().strip());
        String kept = Files.readString(log);
        assertTrue(kept.contains(NOISE + "1\n") && kept.contains(NOISE + "300 (stderr)"), kept);

        Processes.Result second = launch(false);
        assertEquals(0, second.status(), second.output());
        assertEquals("", second.stderr(), "the jar exists: no build, no message");
        assertEquals(1, Files.readAllLines(root.resolve("fake-bin/mvn-calls")).size(), "mvn ran once");
    }

    @Test
    void aFailedBuildShowsTheTailOfItsLog() throws IOException {
        Processes.Result r = launch(true);
        assertEquals(1, r.status(), r.output());
        assertEquals("", r.stdout(), "nothing ran");
        List<String> err = r.stderr().lines().toList();
        Path log = root.resolve("minix-emu/target/first-build.log");
        assertTrue(err.get(0).startsWith("minix-emu: building minix-emu on first use"), r.stderr());
        assertEquals("minix-emu: the build failed; the end of " + log + ":", err.get(1));
        assertEquals("minix-emu: build failed; the whole log is " + log, err.get(err.size() - 1));
        // The tail: 30 lines of the log between the two messages, the last lines of the build.
        assertEquals(30 + 3, err.size(), r.stderr());
        assertTrue(r.stderr().contains(NOISE + "300 (stderr)"), r.stderr());
        assertFalse(r.stderr().contains(NOISE + "1\n"), r.stderr());
    }
}
