package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to {@code minix-emu boot}: each is one line on standard error naming what was wrong
 * and where, status 2, no stack trace and no banner (the machine is never started).
 */
class BootBadInputTest {
    @TempDir
    Path dir;

    private static String usage(CommandRun run) {
        assertEquals(2, run.status(), run.err() + run.stdout());
        String line = run.errLine();
        assertTrue(line.startsWith("minix-emu boot: "), line);
        assertEquals("", run.stdout(), "the machine was not started");
        return line;
    }

    private Path image() throws IOException {
        return TestImages.console(dir);
    }

    @Test
    void aMissingImage() {
        Path missing = dir.resolve("nope.img");
        assertEquals("minix-emu boot: " + missing + ": no such image file", usage(CommandRun.of("boot",
                missing.toString())));
    }

    @Test
    void aFolderGivenAsTheImage() {
        assertEquals("minix-emu boot: " + dir + ": a folder, not an image file", usage(CommandRun.of("boot",
                dir.toString())));
    }

    @Test
    void aFileOfNoiseIsNoDiskImage() throws IOException {
        byte[] noise = new byte[4096];
        Arrays.fill(noise, (byte) 0x5A);
        Path bad = Files.write(dir.resolve("noise.img"), noise);
        String line = usage(CommandRun.of("boot", bad.toString()));
        assertTrue(line.contains(bad + ": ") && line.contains("no MBR signature (expected 55 AA, found 5A 5A)"), line);
    }

    @Test
    void anImageCutInTheMiddleOfASector() throws IOException {
        Path cut = dir.resolve("cut.img");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(image()), 1000));
        assertEquals("minix-emu boot: " + cut + ": 1000 bytes is not a whole number of 512-byte sectors",
                usage(CommandRun.of("boot", cut.toString())));
    }

    @Test
    void anImageTruncatedBeforeTheEndOfItsBootPartition() throws IOException {
        Path cut = dir.resolve("short.img");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(image()), 8 * 512));
        String line = usage(CommandRun.of("boot", cut.toString()));
        assertTrue(line.contains("partition 1") && line.contains("runs past the end of the image"), line);
    }

    @Test
    void anImageWithoutABootPartition() throws IOException {
        byte[] bytes = Files.readAllBytes(image());
        Arrays.fill(bytes, 446, 446 + 16, (byte) 0);        // partition table entry 1
        Path none = Files.write(dir.resolve("noboot.img"), bytes);
        assertEquals("minix-emu boot: " + none + ": partition 1 is empty, expected the MINIX boot partition (type"
                + " 0x81)", usage(CommandRun.of("boot", none.toString())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--memory|lots|'lots' is not a size",
        "--memory|1M|less than the minimum of 2 MiB",
        "--clock|sometimes|--clock",
        "--timeout|0|must be more than 0 seconds",
        "--timeout|soon|'soon' is not a number of seconds",
        "--ips|0|--ips must be between 1 and 1000000000, not 0",
        "--net|tap0|--net 'tap0': unknown back end 'tap0'",
        "--net|udp:99999:x|--net 'udp:99999:x'",
        "--mac|zz:00:00:00:00:00|--mac 'zz:00:00:00:00:00': 'zz' is not a two-digit hex octet",
        "--nic-io|0x301|--nic-io '0x301': the card's 32 ports need a base that is a multiple of 0x20",
        "--nic-irq|7|--nic-irq '7': the NE2000 can use IRQ 3, 4, 5, 9, 10, 11, 12 or 15",
    })
    void aBadOptionValueNamesTheOptionAndTheValue(String option, String value, String expected) throws IOException {
        String line = usage(CommandRun.of("boot", image().toString(), option, value));
        assertTrue(line.contains(expected), line);
    }

    @Test
    void aNicOnAnotherDevicesPortsIsAPortClashNamingBoth() throws IOException {
        // 0x3E0-0x3FF overlaps the ATA channel's 0x3F6 (and COM1's 0x3F8).
        assertEquals("minix-emu boot: I/O port 0x03F6 is claimed by both ATA primary and NE2000",
                usage(CommandRun.of("boot", image().toString(), "--nic-io", "0x3e0")));
    }

    @Test
    void aCaptureOrConsoleFileInAMissingFolder() throws IOException {
        Path nowhere = dir.resolve("no/such/folder/x");
        assertEquals("minix-emu boot: --pcap " + nowhere + ": cannot write it: its folder does not exist",
                usage(CommandRun.of("boot", image().toString(), "--pcap", nowhere.toString())));
        assertEquals("minix-emu boot: --serial " + nowhere + ": cannot write it: its folder does not exist",
                usage(CommandRun.of("boot", image().toString(), "--serial", nowhere.toString())));
    }

    @Test
    void helpShowsTheOptionsExamplesEscapeKeysAndExitStatuses() {
        CommandRun run = CommandRun.of("boot", "--help");
        assertEquals(0, run.status(), run.err());
        for (String part : new String[] {"--serial", "--net", "--pcap", "--mac", "--nic-io", "--nic-irq", "--timeout",
            "--snapshot", "--clock", "--memory", "Ctrl-A x", "Examples:", "printf 'hello\\nshutdown\\n' | minix-emu"
                + " boot --clock virtual", "124", "Exit status:"}) {
            assertTrue(run.out().contains(part), part + " missing from:\n" + run.out());
        }
    }
}
