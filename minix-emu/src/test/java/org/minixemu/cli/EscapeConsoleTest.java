package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The terminal's Ctrl-A escape in {@code minix-emu run}, fed through the path the terminal's keys
 * take (standard input, the console switch, COM1's input, the guest): an echoing kernel gets the
 * keys meant for it, the debugger console in between answers on standard output, Ctrl-A x ends
 * the run, and without {@code --escape} (standard input not a terminal) Ctrl-A is just a byte.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EscapeConsoleTest {
    @TempDir
    static Path kernels;

    static Path echo;

    @BeforeAll
    static void assemble() throws Exception {
        echo = TestKernels.build(kernels, "echo");
    }

    /** Runs the echo kernel with {@code input} as the keyboard; returns status and standard output. */
    private static CommandRun run(String input, String... options) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setErr(new java.io.PrintWriter(err, true));
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        RunCommand run = (RunCommand) cmd.getSubcommands().get("run").getCommand();
        run.stdout = stdout;
        run.stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1));
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[] {"run", "--kernel", echo.toString(), "--clock", "virtual", "--timeout=60"}, 0,
                args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        int status = cmd.execute(args);
        return new CommandRun(status, "", err.toString(), stdout.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void ctrlAcSwitchesToTheDebuggerConsoleAndBackWhileTheGuestGetsOnlyItsKeys() {
        CommandRun r = run("ab\u0001cregs\rdis\rfrob\r\u0001ccd\u0001\u0001q", "--escape");
        assertEquals(0, r.status(), r.err());
        String out = r.stdout();
        assertTrue(out.contains("[debugger console: 'help' lists the commands, Ctrl-A c goes back to the guest]\n"
                + "(minix-emu) "), out);
        assertTrue(out.contains("regs\neax "), "the line is echoed, then answered: " + out);
        assertTrue(out.contains("unknown command 'frob'; 'help' lists the commands\n(minix-emu) "), out);
        assertTrue(out.contains("[guest console]\n"), out);
        // The guest echoes what it gets: the debugger's lines never reached it (each shows once, as
        // the line editor echoed it), and its own keys arrive in order. (The echo and the debugger
        // console's text are two threads' output, so they interleave as they come.)
        assertEquals(1, count(out, "regs"), out);
        assertEquals(2, count(out, "frob"), "echoed once and named in the answer: " + out);
        // Keys typed after the switch back are echoed after its banner; a and b may be anywhere before.
        String after = out.substring(out.indexOf("[guest console]\n") + "[guest console]\n".length());
        assertTrue(after.matches("a?b?cd\u0001q") && "ab".endsWith(after.replace("cd\u0001q", "")), after);
    }

    @Test
    void statsSaysWhetherHotCodeIsCompiledAndNoJitTurnsItOff() {
        // How many blocks exist when the keys arrive depends on the host's timing; the mode does not.
        CommandRun jit = run("\u0001cstats\r\u0001cq", "--escape");
        assertEquals(0, jit.status(), jit.err());
        assertTrue(jit.stdout().matches("(?s).*\ntranslation compiled: [0-9]+ blocks, [0-9]+ instructions run in blocks\n.*"),
                jit.stdout());
        CommandRun noJit = run("\u0001cstats\r\u0001cq", "--escape", "--no-jit");
        assertEquals(0, noJit.status(), noJit.err());
        assertTrue(noJit.stdout().matches("(?s).*\ntranslation decoded: [0-9]+ blocks, [0-9]+ instructions run in blocks\n.*"),
                noJit.stdout());
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }

    @Test
    void ctrlAxQuitsAndCtrlAhPrintsTheSequences() {
        CommandRun r = run("x\u0001h\u0001x", "--escape");
        assertEquals(0, r.status(), "a power-off, as QEMU's Ctrl-A x: " + r.err());
        assertTrue(r.stdout().contains("Ctrl-A c   switch between the guest console and the debugger console\n"),
                r.stdout());
        assertTrue(r.stdout().contains("minix-emu: terminated (Ctrl-A x)\n"), r.stdout());
    }

    @Test
    void withoutATerminalOrEscapeCtrlAIsAnOrdinaryByte() {
        CommandRun r = run("a\u0001cq");
        assertEquals(0, r.status(), r.err());
        assertEquals("a\u0001cq", r.stdout());
    }
}
