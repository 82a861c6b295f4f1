package org.minixemu.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debugger on the whole system (issue 16, acceptance 1): {@code ps} lists the kernel tasks,
 * PM, VM, RS, DS, the drivers and init with their states, and {@code crash hello} is followed by
 * RS's recovery, visible in {@code ps} as the same label with a new endpoint generation. The
 * machine starts stopped and moves only by {@code step N}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServicesConsoleTest {
    @TempDir
    Path dir;

    /** The default image's boot.cfg, with init running nothing: it just waits (and reaps). */
    private DebuggedSystem boot() throws IOException {
        String root = System.getProperty("minixemu.root");
        String config = Files.readString(Path.of(root == null ? ".." : root)
                .resolve("disk-images/src/main/image/boot.cfg"))
                .replaceAll("(?s)(process init \\{.*?\\n\\s*args) [^\\n]*", "$1 exitwith,0");
        return DebuggedSystem.boot(dir, config, true, List.of(), "servers/pm", "servers/vm", "servers/rs",
                "servers/ds", "servers/vfs", "servers/inet", "drivers/memory", "drivers/tty", "drivers/hellodrv",
                "drivers/testsvc", "drivers/at_wini", "drivers/dp8390", "commands/init", "commands/exitwith");
    }

    private static void step(ConsoleClient c, int n) throws IOException {
        String answer = c.send("step " + n);
        assertTrue(answer.startsWith("step done: "), answer);
    }

    private static String row(String ps, String label) {
        return ps.lines().filter(l -> l.matches("\\s*-?\\d+\\s+\\d+\\s+\\d+ " + label + " .*")).findFirst().orElse("");
    }

    @Test
    void psShowsTheServersAndCrashHelloShowsRsBringingItBack() throws Exception {
        try (DebuggedSystem sys = boot(); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            for (int i = 0; i < 40 && !sys.console().contains("testsvc: test service up"); i++) {
                step(c, 2_000_000);
            }
            String ps = c.send("ps");
            for (String task : new String[] {"clock", "system", "kernel"}) {
                assertTrue(ps.lines().anyMatch(l -> l.contains(" " + task + " ") && l.contains("kernel task")), ps);
            }
            for (String service : new String[] {"pm", "vm", "ds", "hello", "testsvc"}) {
                assertTrue(row(ps, service).contains("receiving from ANY"), service + " waits for work:\n" + ps);
            }
            // RS wakes every second for its heartbeat: it may be at work when the machine stops.
            assertTrue(row(ps, "rs").matches(".* rs +(receiving from ANY|running|runnable) .*"), ps);
            assertTrue(row(ps, "init").contains("awaiting reply from pm"), "init waits in waitpid:\n" + ps);
            String before = row(ps, "hello");
            String[] first = before.trim().split("\\s+");
            assertTrue(first.length > 3 && first[0].equals(first[1]) && first[2].equals("0"),
                    "hello starts at generation 0 (endpoint = slot):\n" + ps);

            assertTrue(c.send("crash hello").startsWith("SIGSEGV sent to hello"));
            // Held for RS first (its signal is pending), then a new instance under the same label.
            String firstInstance = String.join(" ", first[0], first[1], first[2]);
            for (int i = 0; i < 40 && row(c.send("ps"), "hello").trim().replaceAll("\\s+", " ").startsWith(firstInstance + " "); i++) {
                step(c, 2_000_000);
            }
            String after = row(c.send("ps"), "hello");
            assertNotEquals(before, after, "RS brought hello back");
            String[] words = after.trim().split("\\s+");
            assertNotEquals("0", words[2], "a restarted hello is a new generation:\n" + after);
            assertEquals("hello", words[3]);
            assertTrue(sys.console().contains("rs: hello"), sys.console());
        }
    }
}
