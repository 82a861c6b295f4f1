package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageException;
import org.minixemu.image.Mbr;
import org.minixemu.image.Ustar;
import org.minixemu.kernel.BootException;
import org.minixemu.kernel.MinixSystem;

/**
 * Acceptance 4 of the kernel issue: a bad boot image stops the boot with one message naming the
 * program, the boot.cfg line and the problem. The images are put together by hand, since
 * {@code image build} itself refuses most of these.
 */
class BootErrorsTest {
    private static final String PING_PONG = PingPongTest.CONFIG.replace("10000", "10");


    @TempDir
    Path dir;

    /** A disk image whose boot partition holds exactly these files, boot.cfg first. */
    private static BootImage image(String bootCfg, Map<String, byte[]> programs) {
        List<Ustar.Entry> entries = new ArrayList<>();
        entries.add(new Ustar.Entry("boot.cfg", 0644, bootCfg.getBytes(StandardCharsets.UTF_8)));
        programs.forEach((name, bytes) -> entries.add(new Ustar.Entry(name, 0755, bytes)));
        byte[] archive = Ustar.write(entries);
        long sectors = (archive.length + Mbr.SECTOR_SIZE - 1) / Mbr.SECTOR_SIZE;
        Mbr mbr = Mbr.of(List.of(new Mbr.Partition(1, true, Mbr.TYPE_MINIX, 2048, sectors)));
        byte[] disk = new byte[(int) ((2048 + sectors) * Mbr.SECTOR_SIZE)];
        System.arraycopy(mbr.toBytes(), 0, disk, 0, Mbr.SECTOR_SIZE);
        System.arraycopy(archive, 0, disk, 2048 * Mbr.SECTOR_SIZE, archive.length);
        return BootImage.read("disk.img", disk);
    }

    private static byte[] program(String name) throws Exception {
        return Files.readAllBytes(GuestSystem.programsFolder().resolve(name));
    }

    private static Map<String, byte[]> pingPong(byte[] ping) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ping.elf", ping);
        files.put("pong.elf", program("pong.elf"));
        return files;
    }

    private static String bootFailure(BootImage image) {
        return assertThrows(BootException.class, () -> MinixSystem.boot(image, new MinixSystem.Options(64 << 20,
                ClockMode.VIRTUAL, VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, new ByteArrayOutputStream(),
                SerialInput.NONE, null))).getMessage();
    }

    @Test
    void theHandBuiltImageBootsWhenNothingIsWrong() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        MinixSystem system = MinixSystem.boot(image(PING_PONG, pingPong(program("ping.elf"))),
                new MinixSystem.Options(64 << 20, ClockMode.VIRTUAL, VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND,
                        console, SerialInput.NONE, null));
        assertEquals(0, system.run(null, 10_000_000_000L).exitStatus());
        org.junit.jupiter.api.Assertions.assertTrue(console.toString(StandardCharsets.UTF_8).lines()
                .anyMatch("ping: 10 round trips, 0 bad"::equals));
    }

    @Test
    void aMalformedBootCfgLineNamesTheLine() throws Exception {
        String bad = PING_PONG.replace("    system ABORT", "    priority 99");
        ImageException e = assertThrows(ImageException.class, () -> image(bad, pingPong(program("ping.elf"))));
        assertEquals("disk.img: boot.cfg:5: 'priority' must be 0..15, got 99", e.getMessage());
    }

    @Test
    void anUnknownKernelCallNamesTheLine() throws Exception {
        String bad = PING_PONG.replace("system ABORT", "system ABORT FROBNICATE");
        assertEquals("disk.img: boot.cfg:5: unknown kernel call 'FROBNICATE' (names are those of abi/minix.abi without the"
                + " SYS_ prefix, e.g. SYSCTL)", bootFailure(image(bad, pingPong(program("ping.elf")))));
    }

    @Test
    void anElfWithBadHeadersNamesTheProgramAndTheLine() throws Exception {
        byte[] ping = program("ping.elf");
        ping[18] = 62; // e_machine: x86-64
        assertEquals("disk.img: boot.cfg:2: ping.elf: e_machine is 62 (x86-64), expected 3 (i386)",
                bootFailure(image(PING_PONG, pingPong(ping))));
    }

    @Test
    void aFileThatIsNotAnElfIsRefused() throws Exception {
        String message = bootFailure(image(PING_PONG, pingPong("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("disk.img: boot.cfg:2: ping.elf: not an ELF file (magic 7F 45 4C 46 expected, found 23 21 2F 62)", message);
    }

    @Test
    void overlappingSegmentsAreRefused() throws Exception {
        byte[] ping = program("ping.elf");
        ByteBuffer elf = ByteBuffer.wrap(ping).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = elf.getInt(28);
        int phnum = elf.getShort(44);
        // Move the second PT_LOAD (data) onto the first (code).
        int first = -1;
        for (int i = 0; i < phnum; i++) {
            int at = phoff + i * 32;
            if (elf.getInt(at) == 1) {
                if (first < 0) {
                    first = at;
                } else {
                    int firstVaddr = elf.getInt(first + 8);
                    elf.putInt(at + 8, firstVaddr + 0x100);
                    elf.putInt(at + 12, firstVaddr + 0x100);
                    elf.putInt(at + 4, 0x100); // keep p_vaddr and p_offset congruent
                    break;
                }
            }
        }
        String message = bootFailure(image(PING_PONG, pingPong(ping)));
        org.junit.jupiter.api.Assertions.assertTrue(message.startsWith("disk.img: boot.cfg:2: ping.elf: program header ")
                && message.contains(" overlaps program header "), message);
    }

    @Test
    void aProgramNamedInBootCfgButAbsentNamesTheLine() throws Exception {
        Map<String, byte[]> onlyPong = new LinkedHashMap<>();
        onlyPong.put("pong.elf", program("pong.elf"));
        ImageException e = assertThrows(ImageException.class, () -> image(PING_PONG, onlyPong));
        assertEquals("disk.img: boot.cfg:2: process 'ping' runs 'ping.elf', which is not in the boot partition", e.getMessage());
    }

    @Test
    void anArgumentNamingNoProcessIsRefused() throws Exception {
        String bad = PING_PONG.replace("@pong 10", "@pang 10");
        assertEquals("disk.img: boot.cfg:3: '@pang' names no process of this file",
                bootFailure(image(bad, pingPong(program("ping.elf")))));
    }

    @Test
    void tooLittleMemoryIsReportedWithTheProgram() throws Exception {
        BootException e = assertThrows(BootException.class, () -> MinixSystem.boot(
                image(PING_PONG, pingPong(program("ping.elf"))), new MinixSystem.Options(1 << 20, ClockMode.VIRTUAL,
                        VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, new ByteArrayOutputStream(), SerialInput.NONE,
                        null)));
        assertEquals("disk.img: boot.cfg:2: ping.elf: not enough memory (0 KiB free); give the machine more with --memory",
                e.getMessage());
    }
}
