package org.minixemu.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;

/**
 * Acceptance 2 of the debugger issue: stock GDB in batch mode against the stub. The machine
 * starts stopped (before hello, which the scheduler takes first, has run); GDB lists the
 * processes as threads by label, selects debuggee's, stops at a breakpoint in the
 * guest program {@code debuggee}, prints registers, a backtrace and variables, single-steps,
 * and continues to the machine's clean power-off.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GdbStubTest {
    static final String CONFIG = """
            process debuggee {
                program debuggee.elf
                args 3
                system ABORT
            }
            process hello {
                program sleeper.elf
            }
            """;

    @TempDir
    Path dir;

    @Test
    void gdbSeesProcessesAsThreadsStopsAtABreakpointStepsAndContinuesToPowerOff() throws Exception {
        // Skipped without gdb, except under CI=true, where .ci/run installs it and its absence fails.
        Requirements.requireTool("gdb", "Debian: apt-get install gdb; the GDB stub test drives stock gdb");
        Path elf = DebuggedSystem.programsFolder().resolve("debuggee.elf");
        try (DebuggedSystem sys = DebuggedSystem.boot(dir, CONFIG, true, List.of(), "debuggee", "sleeper");
                GdbStub stub = new GdbStub(sys.debugger, 0)) {
            Path script = dir.resolve("script.gdb");
            Files.writeString(script, String.join("\n",
                    "set pagination off",
                    "set confirm off",
                    "set architecture i386",
                    "file " + elf,
                    "target remote 127.0.0.1:" + stub.port(),
                    "info threads",
                    // A breakpoint belongs to GDB's selected thread: debuggee's, not hello's.
                    "thread 1",
                    "break leaf",
                    "continue",
                    "info registers eip esp",
                    "bt",
                    "print depth",
                    "print rounds_done",
                    "stepi",
                    "print $pc > (unsigned) leaf",
                    "continue",
                    "print depth",
                    "delete",
                    "continue",
                    ""));
            String out = Processes.run(new ProcessBuilder("gdb", "-nx", "-batch", "-x", script.toString())
                    .redirectErrorStream(true), Duration.ofSeconds(60)).stdout();
            // info threads: both processes, by label.
            assertTrue(out.matches("(?s).*\\s1\\s+Thread 1 \"debuggee\" \\(runnable\\).*"), out);
            assertTrue(out.matches("(?s).*\\s2\\s+Thread 2 \"hello\" \\(running\\).*"), out);
            assertTrue(out.contains("Breakpoint 1, leaf (depth=40) at "), out);
            assertTrue(out.matches("(?s).*eip\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <leaf.*"), out);
            assertTrue(out.matches("(?s).*#0\\s+leaf \\(depth=40\\).*#1\\s+0x[0-9a-f]+ in middle \\(round=0\\).*#2\\s+0x[0-9a-f]+ in main .*"),
                    out);
            assertTrue(out.contains("$1 = 40"), out);
            assertTrue(out.contains("$2 = 0"), out);
            assertTrue(out.contains("$3 = 1"), "stepi moved past leaf's first instruction: " + out);
            assertTrue(out.contains("Breakpoint 1, leaf (depth=41)"), out);
            assertTrue(out.contains("$4 = 41"), out);
            assertTrue(out.contains("[Inferior 1 (Remote target) exited normally]"), out);
            KernelResult result = sys.awaitEnd();
            assertEquals(KernelResult.Outcome.POWER_OFF, result.outcome(), result.message());
            assertTrue(sys.console().contains("debuggee: 3 rounds, sum "), sys.console());
        }
    }

    @Test
    void garbageOnTheGdbPortIsAnsweredPerProtocolAndTheMachineRunsOn() throws Exception {
        try (DebuggedSystem sys = DebuggedSystem.boot(dir, CONFIG, true, List.of(), "debuggee", "sleeper");
                GdbStub stub = new GdbStub(sys.debugger, 0)) {
            assertTrue(stub.address().isLoopbackAddress());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("hello there\r\n$qSupported#00".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals('-', in.read(), "a bad checksum is refused");
                out.write("$m zz,yy#".getBytes(StandardCharsets.ISO_8859_1));
                out.write(checksum("m zz,yy").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("+$E01#a6", new String(in.readNBytes(8), StandardCharsets.ISO_8859_1));
                out.write(("$vFrobnicate#" + checksum("vFrobnicate")).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("+$#00", new String(in.readNBytes(5), StandardCharsets.ISO_8859_1), "unknown: empty reply");
                out.write(("$c#" + checksum("c")).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals('+', in.read());
            }
            // The continue went through: the program runs to its power-off.
            KernelResult result = sys.awaitEnd();
            assertEquals(KernelResult.Outcome.POWER_OFF, result.outcome(), result.message());
        }
    }

    private static String checksum(String data) {
        int sum = 0;
        for (char c : data.toCharArray()) {
            sum += c;
        }
        return String.format("%02x", sum & 0xFF);
    }
}
