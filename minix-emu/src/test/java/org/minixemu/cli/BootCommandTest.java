package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Requirements;

/**
 * {@code minix-emu boot}: the guest's status as the exit status, and bad input as one line with
 * status 2. The default image's shell session is DemoSessionTest.
 */
class BootCommandTest {
    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("minixemu.root", ".."));
    }

    private static Path program(String name) {
        Path p = root().resolve("systests/target/" + name + ".elf");
        Requirements.require(Files.exists(p), "guest programs not built: " + p);
        return p;
    }

    /** Builds an image with `image build` from a boot.cfg and systests programs. */
    private Path image(String bootCfg, String... programs) throws IOException {
        Path cfg = Files.writeString(dir.resolve("boot.cfg"), bootCfg, StandardCharsets.UTF_8);
        Path out = dir.resolve("disk.img");
        List<String> args = new ArrayList<>(List.of("image", "build", "--config", cfg.toString(), "--out",
                out.toString()));
        for (String p : programs) {
            args.add(program(p).toString());
        }
        CommandRun build = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, build.status(), build.err());
        return out;
    }

    @Test
    void theGuestsPowerOffStatusIsTheExitStatus() throws IOException {
        // echo answers with the type ping expects but leaves the payload as it was: every round trip is bad.
        Path image = image("""
                process ping {
                    program ping.elf
                    args @pong 10
                    ipc pong
                    system ABORT
                }
                process pong {
                    program echo.elf
                }
                """, "ping", "echo");
        CommandRun run = CommandRun.of("boot", "--clock", "virtual", image.toString());
        assertEquals(1, run.status(), run.stdout());
        assertTrue(run.stdout().contains("ping: 10 round trips, 10 bad\n"), run.stdout());
    }

    @Test
    void aSystemWhereEveryoneWaitsForeverExitsFourAndSaysWhoWaits() throws IOException {
        Path image = image("""
                process pong {
                    program pong.elf
                }
                """, "pong");
        CommandRun run = CommandRun.of("boot", "--clock", "virtual", image.toString());
        assertEquals(4, run.status(), run.stdout());
        assertTrue(run.stdout().contains("kernel: no process can run and nothing can wake one: pong receiving from"
                + " ANY\n"), run.stdout());
    }

    @Test
    void timeoutStopsASpinningSystemWith124() throws IOException {
        Path image = image("""
                process spinner {
                    program spinner.elf
                }
                """, "spinner");
        CommandRun run = CommandRun.of("boot", "--clock", "virtual", "--timeout", "1", image.toString());
        assertEquals(124, run.status(), run.err());
        assertTrue(run.lastErrLine().contains("timeout"), run.err());
    }

    @Test
    void aBadProgramInTheImageIsOneLineNamingTheLineAndStatusTwo() throws IOException {
        Path cfg = Files.writeString(dir.resolve("boot.cfg"), """
                process ping {
                    program ping.elf
                }
                """);
        Path fake = Files.writeString(dir.resolve("ping.elf"), "not a program");
        Path out = dir.resolve("bad.img");
        assertEquals(0, CommandRun.of("image", "build", "--config", cfg.toString(), "--out", out.toString(),
                fake.toString()).status());
        CommandRun run = CommandRun.of("boot", out.toString());
        assertEquals(2, run.status(), run.err());
        assertEquals("minix-emu boot: " + out.getFileName() + ": boot.cfg:2: ping.elf: not an ELF file (magic 7F 45"
                + " 4C 46 expected, found 6E 6F 74 20)", run.errLine().replace(out.toString(), out.getFileName().toString()));
    }

    @Test
    void moreGuestMemoryThanTheJavaHeapHoldsIsOneLineAndStatusTwo() throws IOException {
        Path image = image("""
                process pong {
                    program pong.elf
                }
                """, "pong");
        CommandRun run = CommandRun.of(boot -> boot.heapBytes = 32L << 20, "boot", "--memory", "64M",
                image.toString());
        assertEquals(2, run.status(), run.err());
        assertEquals("minix-emu boot: --memory: the Java heap (32 MiB) is too small for 64 MiB of guest RAM; give"
                + " java more (-Xmx) or ask for less", run.errLine());
    }

    @Test
    void aFileThatIsNotAnImageOrIsMissingIsStatusTwo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        CommandRun run = CommandRun.of("boot", text.toString());
        assertEquals(2, run.status());
        assertTrue(run.errLine().startsWith("minix-emu boot: "), run.err());
        CommandRun missing = CommandRun.of("boot", dir.resolve("nope.img").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.errLine().endsWith("nope.img: no such image file"), missing.err());
    }
}
