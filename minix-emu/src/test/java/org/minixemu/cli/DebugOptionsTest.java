package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.cli.debug.ConsoleServer;
import org.minixemu.cli.debug.DebugController;
import org.minixemu.image.ImageBuilder;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.MinixSystem;
import picocli.CommandLine;

/** The debugger's command-line surface: boot --trace, bad ports, and attach reading a script from stdin. */
class DebugOptionsTest {
    @TempDir
    Path dir;

    private Path image(int rounds) throws Exception {
        String root = System.getProperty("minixemu.root");
        Path programs = Path.of(root == null ? ".." : root).resolve("systests/target");
        Assumptions.assumeTrue(Files.isDirectory(programs), "guest programs not built");
        Path cfg = dir.resolve("boot.cfg");
        Files.writeString(cfg, "process ping {\n program ping.elf\n args @pong " + rounds
                + "\n ipc pong\n system ABORT\n}\nprocess pong {\n program pong.elf\n}\n");
        Path img = dir.resolve("pp.img");
        Files.write(img, new ImageBuilder(cfg, List.of(programs.resolve("ping.elf"), programs.resolve("pong.elf"))).toBytes());
        return img;
    }

    @Test
    void bootWritesATraceFileAndStillExitsWithTheGuestsStatus() throws Exception {
        Path trace = dir.resolve("t.json");
        CommandRun run = CommandRun.of("boot", image(20).toString(), "--clock", "virtual", "--trace", trace.toString(),
                "--trace-filter", "ipc");
        assertEquals(0, run.status(), run.err());
        String json = Files.readString(trace);
        assertTrue(json.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["), json);
        assertTrue(json.strip().endsWith("]}"));
        assertEquals(40, json.split("\"ph\":\"s\"", -1).length - 1, "one flow per message");
    }

    @Test
    void aBadPortIsOneLineAndStatusTwo() throws Exception {
        CommandRun run = CommandRun.of("boot", image(1).toString(), "--debug-port", "70000");
        assertEquals(2, run.status());
        assertTrue(run.errLine().contains("a port must be 0 to 65535, not 70000"), run.err());
        CommandRun attach = CommandRun.of("attach", "localhost:notaport");
        assertEquals(2, attach.status());
        assertTrue(attach.errLine().contains("is not [HOST:]PORT"), attach.err());
    }

    @Test
    void attachRunsTheCommandsOfANonTerminalStdinAndExits() throws Exception {
        MinixSystem system = MinixSystem.boot(org.minixemu.image.BootImage.open(image(1_000_000)),
                new MinixSystem.Options(64 << 20, org.minixemu.devices.ClockMode.VIRTUAL, 100_000_000L,
                        new ByteArrayOutputStream(), org.minixemu.devices.SerialInput.NONE, null));
        KernelInspector inspector = new KernelInspector(system.kernel());
        DebugController debugger = new DebugController(inspector, system.machine());
        debugger.startStopped();
        inspector.attach(debugger);
        Thread machine = new Thread(() -> system.run(java.time.Duration.ofMinutes(2), Long.MAX_VALUE));
        machine.setDaemon(true);
        machine.start();
        try (ConsoleServer server = new ConsoleServer(debugger, 0)) {
            CommandLine cmd = Main.newCommandLine();
            StringWriter err = new StringWriter();
            cmd.setErr(new PrintWriter(err, true));
            AttachCommand attach = (AttachCommand) cmd.getSubcommands().get("attach").getCommand();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            attach.stdout = out;
            attach.stdin = new ByteArrayInputStream("step 5000\nps\nnonsense\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, cmd.execute("attach", String.valueOf(server.port())), err.toString());
            List<String> lines = new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
            assertTrue(lines.get(0).startsWith("minix-emu debugger console"), lines.toString());
            assertTrue(lines.get(1).startsWith("step done: "), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+0\\s+0\\s+0 ping .*")), lines.toString());
            assertEquals("unknown command 'nonsense'; 'help' lists the commands", lines.get(lines.size() - 1));
        } finally {
            debugger.call(() -> {
                system.machine().io().out(0x604, 2, 0x2000);
                return null;
            });
            debugger.requestStop();
        }
    }
}
