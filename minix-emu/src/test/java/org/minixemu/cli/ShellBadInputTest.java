package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minixemu.testsupport.Requirements;

/**
 * Issue 14's bad input at the shell, piped into {@code minix-emu boot --clock virtual}: an
 * unknown command, programs that crash (a NULL dereference, a division by zero), ^C at the
 * prompt and during a program waiting for input, and a line longer than the shell's buffer.
 * Each gets its message, {@code $?} says what happened, and the shell goes on to the next line.
 */
class ShellBadInputTest {
    private static final String LONG_LINE = "x".repeat(2000);

    @Test
    void eachMistakeGetsItsMessageAndTheShellGoesOn() {
        Path image = Path.of(System.getProperty("minixemu.root", "..")).resolve("disk-images/target/minix.img");
        Requirements.require(Files.exists(image), "default image not built: " + image);
        String session = String.join("\n", "nosuchcmd", "echo status $?", "crash", "echo status $?", "crash fpe",
                "echo status $?", "\u0003echo after ctrl-c", "cat", "\u0003echo status $?", LONG_LINE, "echo still here",
                "shutdown", "");
        CommandRun run = CommandRun.of(b -> b.stdin = new ByteArrayInputStream(session.getBytes(StandardCharsets.ISO_8859_1)),
                "boot", image.toString(), "--clock", "virtual", "--timeout", "600");
        assertEquals(0, run.status(), run.err() + run.stdout());

        List<String> lines = run.stdout().lines().map(String::stripTrailing).toList();
        int prompt = lines.indexOf("# nosuchcmd");
        List<String> expected = List.of(
                "# nosuchcmd", "sh: nosuchcmd: not found",
                "# echo status $?", "status 127",
                "# crash", "Segmentation fault",
                "# echo status $?", "status 139",
                "# crash fpe", "Floating point exception",
                "# echo status $?", "status 136",
                "# ^C",                                   // the tty echoes ^C; the shell prompts again
                "# echo after ctrl-c", "after ctrl-c",
                "# cat", "^C",                            // cat, waiting for input, is interrupted
                "# echo status $?", "status 130",         // 128 + SIGINT: cat died of it, the shell did not
                "# " + LONG_LINE, "sh: line too long (more than 1024 bytes)",
                "# echo still here", "still here",
                "# shutdown", "shutdown: the system is going down",
                "kernel: pm powered off (status 0)");
        assertEquals(String.join("\n", expected),
                String.join("\n", lines.subList(Math.max(prompt, 0), lines.size())), run.stdout());
    }
}
