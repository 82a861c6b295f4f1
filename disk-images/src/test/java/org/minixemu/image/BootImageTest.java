package org.minixemu.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading images: the happy path through a file, and each way an image can be wrong. */
class BootImageTest {
    private static final int BOOT_BYTE = 2048 * 512;

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** An image of these archive entries in partition 1 (type 0x81 at 2048), built by hand. */
    static byte[] image(int type, List<Ustar.Entry> entries) {
        byte[] archive = Ustar.write(entries);
        int sectors = archive.length / 512;
        byte[] image = new byte[(2048 + sectors) * 512];
        byte[] mbr = Mbr.of(List.of(new Mbr.Partition(1, true, type, 2048, sectors))).toBytes();
        System.arraycopy(mbr, 0, image, 0, 512);
        System.arraycopy(archive, 0, image, BOOT_BYTE, archive.length);
        return image;
    }

    static final Ustar.Entry CFG = new Ustar.Entry("boot.cfg", 0644,
            ascii("process init {\n  program init.elf\n  type user\n}\n"));
    static final Ustar.Entry INIT = new Ustar.Entry("init.elf", 0755, UstarTest.bytes(3000, 5));

    private static String readError(byte[] image) {
        return assertThrows(ImageException.class, () -> BootImage.read("disk.img", image)).getMessage();
    }

    @Test
    void aHandBuiltImageReadsThroughAFile() throws IOException {
        Path p = dir.resolve("disk.img");
        Files.write(p, image(0x81, List.of(CFG, INIT)));
        BootImage image = BootImage.open(p);
        assertEquals(List.of("boot.cfg", "init.elf"), image.fileNames());
        assertArrayEquals(INIT.data(), image.file("init.elf").orElseThrow());
        assertEquals("init", image.config().processes().get(0).label());
        assertEquals(ProcessSpec.Type.USER, image.config().processes().get(0).type());
    }

    @Test
    void bootCfgNeedNotBeFirstWhenReading() {
        BootImage image = BootImage.read("disk.img", image(0x81, List.of(INIT, CFG)));
        assertEquals(List.of("init.elf", "boot.cfg"), image.fileNames());
    }

    @Test
    void fileGivesACopy() {
        BootImage image = BootImage.read("disk.img", image(0x81, List.of(CFG, INIT)));
        image.file("init.elf").orElseThrow()[0] ^= 1;
        assertArrayEquals(INIT.data(), image.file("init.elf").orElseThrow());
    }

    @Test
    void theImageFileIsNeverChanged() throws IOException {
        Path p = dir.resolve("disk.img");
        byte[] bytes = image(0x81, List.of(CFG, INIT));
        Files.write(p, bytes);
        long modified = Files.getLastModifiedTime(p).toMillis();
        assertTrue(p.toFile().setWritable(false));
        BootImage.open(p);
        assertArrayEquals(bytes, Files.readAllBytes(p));
        assertEquals(modified, Files.getLastModifiedTime(p).toMillis());
    }

    @Test
    void noMbrSignature() {
        assertEquals("disk.img: sector 0: no MBR signature (expected 55 AA, found 00 00)", readError(new byte[4096]));
    }

    @Test
    void partitionOneOfAnotherType() {
        assertEquals("disk.img: partition 1 is type 0x83, expected 0x81 (MINIX boot partition)",
                readError(image(0x83, List.of(CFG, INIT))));
    }

    @Test
    void partitionOneEmpty() {
        byte[] image = new byte[8192];
        byte[] mbr = Mbr.of(List.of(new Mbr.Partition(2, false, 0x81, 4, 4))).toBytes();
        System.arraycopy(mbr, 0, image, 0, 512);
        assertEquals("disk.img: partition 1 is empty, expected the MINIX boot partition (type 0x81)", readError(image));
    }

    @Test
    void noBootCfg() {
        assertEquals("disk.img: boot partition has no boot.cfg", readError(image(0x81, List.of(INIT))));
    }

    @Test
    void twoFilesOfOneName() {
        byte[] a = Ustar.write(List.of(CFG, INIT));
        byte[] b = Ustar.write(List.of(INIT));
        // CFG, INIT, then INIT again: splice the second archive's entry over the first's end marker.
        byte[] archive = new byte[a.length - 1024 + b.length];
        System.arraycopy(a, 0, archive, 0, a.length - 1024);
        System.arraycopy(b, 0, archive, a.length - 1024, b.length);
        byte[] image = new byte[BOOT_BYTE + archive.length];
        System.arraycopy(Mbr.of(List.of(new Mbr.Partition(1, true, 0x81, 2048, archive.length / 512))).toBytes(), 0,
                image, 0, 512);
        System.arraycopy(archive, 0, image, BOOT_BYTE, archive.length);
        assertEquals("disk.img: boot partition has two files named 'init.elf' (entries 2 and 3)", readError(image));
    }

    @Test
    void aBadBootCfgNamesTheImageTheFileAndTheLine() {
        Ustar.Entry bad = new Ustar.Entry("boot.cfg", 0644, ascii("process init {\n  program init.elf\n  nice 3\n}\n"));
        assertEquals("disk.img: boot.cfg:3: unknown key 'nice' in process 'init', expected one of program, type, args,"
                + " ipc, system, io, irq, mem, sigmgr, priority, quantum", readError(image(0x81, List.of(bad, INIT))));
    }

    @Test
    void aProgramMissingFromThePartitionNamesTheLine() {
        assertEquals("disk.img: boot.cfg:2: process 'init' runs 'init.elf', which is not in the boot partition",
                readError(image(0x81, List.of(CFG))));
    }

    @Test
    void aCorruptArchiveNamesTheImageByteOffset() {
        byte[] image = image(0x81, List.of(CFG, INIT));
        image[BOOT_BYTE + 1024 + 3] ^= 1; // init.elf's name (after boot.cfg's header and one data block)
        assertEquals("disk.img: boot partition: byte " + (BOOT_BYTE + 1024) + ": entry 2 ('iniu.elf'): header"
                + " checksum is 12463, the header adds up to 12464", readError(image));
    }

    @Test
    void aTruncatedImage() {
        byte[] image = image(0x81, List.of(CFG, INIT));
        assertEquals("disk.img: sector 0: partition 1 (sectors 2048..2058) runs past the end of the image (2058"
                + " sectors)", readError(Arrays.copyOf(image, image.length - 512)));
    }

    @Test
    void anImageThatIsNotWholeSectors() {
        assertEquals("disk.img: 1000 bytes is not a whole number of 512-byte sectors", readError(new byte[1000]));
        assertEquals("disk.img: 100 bytes, too small for a disk image (an MBR alone is 512)", readError(new byte[100]));
    }

    @Test
    void aPartitionWhoseArchiveHasNoEnd() {
        List<Ustar.Entry> entries = new ArrayList<>(List.of(CFG, INIT));
        byte[] image = image(0x81, entries);
        // Overwrite the end marker with something that is not a header.
        Arrays.fill(image, image.length - 1024, image.length, (byte) 'x');
        String m = readError(image);
        assertTrue(m.startsWith("disk.img: boot partition: byte " + (image.length - 1024) + ": entry 3 ('xxx"), m);
        assertTrue(m.endsWith("'): magic and version are 'xxxxxxxx', expected 'ustar\\0' '00' (POSIX ustar; GNU tar"
                + " writes it with --format=ustar)"), m);
    }

    @Test
    void fileErrorsNameThePath() throws IOException {
        Path missing = dir.resolve("none.img");
        assertEquals(missing + ": no such file",
                assertThrows(ImageException.class, () -> BootImage.open(missing)).getMessage());
        assertEquals(dir + ": is a directory, not a disk image",
                assertThrows(ImageException.class, () -> BootImage.open(dir)).getMessage());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        assertEquals(text + ": 6 bytes, too small for a disk image (an MBR alone is 512)",
                assertThrows(ImageException.class, () -> BootImage.open(text)).getMessage());
    }
}
