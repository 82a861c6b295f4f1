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
 * {@code reboot} at the shell starts the machine again from its image, as a PC's reset would:
 * the boot messages come a second time, the rest of a piped session goes to the new shell, and
 * the emulator only exits when the guest powers off.
 */
class RebootTest {
    @Test
    void rebootBootsTheImageAgainAndTheSessionGoesOnInTheNewShell() {
        Path image = Path.of(System.getProperty("minixemu.root", "..")).resolve("disk-images/target/minix.img");
        Requirements.require(Files.exists(image), "default image not built: " + image);
        String session = "echo first\nreboot\necho second\nshutdown\n";
        CommandRun run = CommandRun.of(b -> b.stdin = new ByteArrayInputStream(session.getBytes(StandardCharsets.ISO_8859_1)),
                "boot", image.toString(), "--clock", "virtual", "--timeout", "300");
        assertEquals(0, run.status(), run.err() + run.stdout());

        List<String> lines = run.stdout().lines().map(String::stripTrailing).toList();
        int rebooted = lines.indexOf("kernel: pm asked for a reboot");
        assertTrue(rebooted > lines.indexOf("first") && lines.indexOf("first") > 0, run.stdout());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("kernel: minix.img: ")).count(), "two boots:\n" + run.stdout());
        assertTrue(lines.indexOf("# echo second") > rebooted && lines.indexOf("second") > rebooted, run.stdout());
        assertTrue(run.stdout().endsWith("kernel: pm powered off (status 0)\n"), run.stdout());
        assertTrue(run.err().contains("minix-emu: pm asked for a reboot: booting " + image + " again"), run.err());
    }
}
