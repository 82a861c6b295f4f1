package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minixemu.testsupport.Requirements;

/**
 * Issue 14's demo: the README's session, piped into {@code minix-emu boot --clock virtual} on the
 * default image, runs as shown -- hello, a restart, a live update and a SIGKILL of the driver,
 * each followed by a read that finds the counter carried on -- and prints the same transcript
 * every time.
 */
class DemoSessionTest {
    /** The session up to the kill: after it, hello's pid is known (a first run reads it from ps). */
    static final String BEFORE_KILL = String.join("\n", "hello", "service restart hello", "hello", "ps",
            "service update hello", "hello", "");

    private static CommandRun boot(String session) {
        Path image = Path.of(System.getProperty("minixemu.root", "..")).resolve("disk-images/target/minix.img");
        Requirements.require(Files.exists(image), "default image not built: " + image);
        return CommandRun.of(b -> b.stdin = new ByteArrayInputStream(session.getBytes(StandardCharsets.ISO_8859_1)),
                "boot", image.toString(), "--clock", "virtual", "--timeout", "600");
    }

    /** hello's pid in the last ps listing of {@code transcript}. */
    private static String helloPid(String transcript) {
        List<String> rows = transcript.lines().filter(l -> l.matches(" *\\d+ +\\d+ hello .*")).toList();
        assertTrue(!rows.isEmpty(), "ps lists hello:\n" + transcript);
        return rows.get(rows.size() - 1).trim().split(" +")[0];
    }

    /** The README's quick-start transcript: the fenced block that starts with the kernel's first line. */
    private static List<String> readmeTranscript() {
        Path readme = Path.of(System.getProperty("minixemu.root", "..")).resolve("README.md");
        List<String> all;
        try {
            all = Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i - 1).equals("```") && all.get(i).startsWith("kernel: minix.img:")) {
                int end = all.subList(i, all.size()).indexOf("```");
                assertTrue(end > 0, "the README's transcript block is closed");
                return all.subList(i, i + end);
            }
        }
        throw new AssertionError("README.md shows no transcript starting with 'kernel: minix.img:'");
    }

    @Test
    void theReadmeSessionRunsAsShownAndPrintsTheSameTranscriptEveryTime() {
        CommandRun probe = boot(BEFORE_KILL + "ps\nshutdown\n");
        assertEquals(0, probe.status(), probe.err() + probe.stdout());
        String pid = helloPid(probe.stdout());
        String session = BEFORE_KILL + "kill -9 " + pid + "\nhello\ncat /dev/hello\nps | cat\nshutdown\n";

        CommandRun first = boot(session);
        CommandRun second = boot(session);
        assertEquals(0, first.status(), first.err() + first.stdout());
        assertEquals(first.stdout(), second.stdout(), "the same session gives the same transcript");

        List<String> lines = first.stdout().lines().map(String::stripTrailing).toList();
        String t = first.stdout();
        // Each command is echoed at a prompt, in order: the pacing fed one line per prompt.
        int at = 0;
        for (String command : session.split("\n")) {
            int next = lines.subList(at, lines.size()).indexOf("# " + command);
            assertTrue(next >= 0, "'# " + command + "' after line " + at + ":\n" + t);
            at += next + 1;
        }
        // The counter goes on across the restart, the update and the kill.
        for (int n = 1; n <= 4; n++) {
            assertTrue(lines.contains("open count " + n), "open count " + n + ":\n" + t);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("rs: hello: updated to hellodrv.elf")), t);
        assertTrue(lines.stream().anyMatch(l -> l.matches("rs: hello.*(killed|signal 9).*")),
                "RS saw the SIGKILL and restarted hello:\n" + t);
        assertTrue(lines.contains("Hello, World!"), t);
        assertEquals(2, lines.stream().filter(l -> l.matches(" *PID +ENDPT +LABEL .*")).count(), "ps and ps | cat:\n" + t);
        assertTrue(lines.contains("shutdown: the system is going down"), t);
        assertTrue(t.endsWith("kernel: pm powered off (status 0)\n"), t);
        assertTrue(first.err().contains("minix-emu: ready in "), first.err());
        // And it is what a new user sees in the README (its kill names the same pid).
        assertEquals(String.join("\n", readmeTranscript()), String.join("\n", lines),
                "README.md's quick start shows this transcript");
    }
}
