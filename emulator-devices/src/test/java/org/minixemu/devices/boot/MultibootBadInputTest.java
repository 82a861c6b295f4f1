package org.minixemu.devices.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.minixemu.devices.boot.Images.PF_R;
import static org.minixemu.devices.boot.Images.PF_X;
import static org.minixemu.devices.boot.Images.concat;
import static org.minixemu.devices.boot.Images.filled;
import static org.minixemu.devices.boot.Images.header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.PhysicalMemoryMap;

/** Every kind of bad kernel or module: one line, naming the file and the problem. */
class MultibootBadInputTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    private PhysicalMemoryMap memory = new PhysicalMemoryMap(64 * MB);

    private Path file(String name, byte[] contents) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, contents);
        return p;
    }

    private String failure(Path kernel, BootModule... modules) {
        BootException e = assertThrows(BootException.class,
                () -> new MultibootLoader(memory).load(kernel, "", List.of(modules)));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    /** A valid ELF kernel with one text segment at 1 MiB. */
    private static Images.Elf goodElf() {
        byte[] text = concat(header(0), filled(16, 0xF4));
        return new Images.Elf().entry(0x10000C).load(0x100000, text, text.length, PF_R | PF_X);
    }

    @Test
    void missingKernel() {
        Path p = dir.resolve("nope.elf");
        assertEquals(p + ": no such file", failure(p));
    }

    @Test
    void kernelIsADirectory() {
        assertEquals(dir + ": is a directory, not a file", failure(dir));
    }

    @Test
    void unreadableKernel() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root can read any file");
        Path p = file("secret.elf", goodElf().build());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assertEquals(p + ": cannot read it: permission denied", failure(p));
    }

    @Test
    void emptyKernel() throws IOException {
        Path p = file("empty.elf", new byte[0]);
        assertEquals(p + ": the file is empty", failure(p));
    }

    @Test
    void noMultibootHeaderInTheFirst8KiB() throws IOException {
        Path p = file("plain.elf", new Images.Elf().entry(0x100000).load(0x100000, filled(64, 0x90), 64, PF_R).build());
        assertEquals(p + ": no multiboot header in the first 8 KiB", failure(p));
    }

    @Test
    void aHeaderTooFarIntoTheFile() throws IOException {
        Path p = file("far.bin", concat(filled(0x2000, 0), header(0)));
        assertEquals(p + ": no multiboot header in the first 8 KiB (there is a multiboot magic at offset 0x2000,"
                + " too far into the file)", failure(p));
    }

    @Test
    void badMagicMisaligned() throws IOException {
        Path p = file("odd.bin", concat(filled(6, 0), header(0), filled(64, 0)));
        assertEquals(p + ": the multiboot magic at offset 0x6 is not 4-byte aligned, so it is no header", failure(p));
    }

    @Test
    void badMagicMultiboot2() throws IOException {
        Path p = file("mb2.elf", concat(filled(16, 0), Images.le(0xE85250D6, 0, 24, -(0xE85250D6 + 24)), filled(64, 0)));
        assertEquals(p + ": this is a Multiboot2 kernel (magic 0xE85250D6); minix-emu boots multiboot v1 kernels"
                + " (magic 0x1BADB002)", failure(p));
    }

    @Test
    void badChecksum() throws IOException {
        Path p = file("sum.bin", concat(Images.le(0x1BADB002, 0, 0x12345678), filled(64, 0)));
        assertEquals(p + ": the multiboot header at offset 0x0 has a bad checksum (0x12345678; magic + flags"
                + " + checksum must be 0, checksum 0xE4524FFE would be)", failure(p));
    }

    @Test
    void videoModeRequired() throws IOException {
        Path p = file("vbe.elf", concat(header(1 << 2 | 3), filled(64, 0)));
        assertEquals(p + ": the multiboot header requires what minix-emu cannot provide: flag 2 (video mode"
                + " information; this machine has no display)", failure(p));
    }

    @Test
    void undefinedRequiredFlags() throws IOException {
        Path p = file("future.elf", concat(header(1 << 5 | 1 << 15 | 1 << 20), filled(64, 0)));
        String m = failure(p);
        assertEquals(p + ": the multiboot header requires what minix-emu cannot provide: flag 5 (not defined by the"
                + " multiboot 0.6.96 specification), flag 15 (not defined by the multiboot 0.6.96 specification)", m);
    }

    @Test
    void headerCutOff() throws IOException {
        Path p = file("cut.bin", Images.le(0x1BADB002, 0));
        assertEquals(p + ": the multiboot header at offset 0x0 is cut off by the end of the file", failure(p));
    }

    @Test
    void addressFieldsCutOff() throws IOException {
        Path p = file("cut16.bin", java.util.Arrays.copyOf(Images.aoutHeader(0, 0x100000, 0x100000, 0, 0, 0x100000), 20));
        assertEquals(p + ": the multiboot header at offset 0x0 sets flag 16 but its address fields are cut off by"
                + " the end of the file", failure(p));
    }

    @Test
    void truncatedElfHeader() throws IOException {
        byte[] f = concat(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0}, filled(8, 0), header(0), filled(4, 0));
        Path p = file("short.elf", f);
        assertEquals(p + ": truncated ELF: the file ends inside the ELF header (32 bytes)", failure(p));
    }

    @Test
    void truncatedProgramHeaders() throws IOException {
        byte[] f = goodElf().build();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(44, (short) 500);
        Path p = file("phdrs.elf", f);
        assertTrue(failure(p).startsWith(p + ": truncated ELF: its 500 program headers at offset 0x34 end past the"
                + " end of the file"), failure(p));
    }

    @Test
    void segmentOutsideTheFile() throws IOException {
        byte[] f = goodElf().build();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(52 + 16, 0x10000); // p_filesz
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(52 + 20, 0x10000); // p_memsz
        Path p = file("seg.elf", f);
        assertEquals(p + ": truncated ELF: program segment 0 (0x10000 bytes at offset 0x60) extends past the end of"
                + " the file (" + f.length + " bytes)", failure(p));
    }

    @Test
    void elf64() throws IOException {
        Images.Elf elf = goodElf();
        elf.elfClass = 2;
        Path p = file("k64.elf", elf.build());
        assertEquals(p + ": a 64-bit ELF (ELFCLASS64); minix-emu boots 32-bit i386 kernels only", failure(p));
    }

    @Test
    void notI386() throws IOException {
        Images.Elf elf = goodElf();
        elf.machine = 40;
        Path p = file("arm.elf", elf.build());
        assertEquals(p + ": not an i386 ELF (e_machine 40; EM_386 is 3)", failure(p));
    }

    @Test
    void notExecutable() throws IOException {
        Images.Elf elf = goodElf();
        elf.type = 3;
        Path p = file("pie.elf", elf.build());
        assertEquals(p + ": not an executable ELF (e_type 3, a shared object or PIE; a kernel is ET_EXEC, 2)",
                failure(p));
    }

    @Test
    void bigEndianElf() throws IOException {
        Images.Elf elf = goodElf();
        elf.dataEncoding = 2;
        Path p = file("be.elf", elf.build());
        assertEquals(p + ": not a little-endian ELF (EI_DATA 2)", failure(p));
    }

    @Test
    void notElfAndNoAddressFields() throws IOException {
        Path p = file("raw.bin", concat(header(0), filled(64, 0xF4)));
        assertEquals(p + ": not an ELF file, and its multiboot header does not give load addresses (flag 16)",
                failure(p));
    }

    @Test
    void noLoadableSegments() throws IOException {
        byte[] text = concat(header(0), filled(16, 0));
        Path p = file("note.elf", new Images.Elf().segment(Images.PT_NOTE, 0, 0, text, text.length, PF_R).build());
        assertEquals(p + ": the ELF has no loadable (PT_LOAD) segments", failure(p));
    }

    @Test
    void moreFileBytesThanMemoryBytes() throws IOException {
        byte[] text = concat(header(0), filled(16, 0));
        Path p = file("sz.elf", new Images.Elf().load(0x100000, text, 8, PF_R).build());
        assertEquals(p + ": bad ELF: program segment 0 has more file bytes (0x1C) than memory bytes (0x8)", failure(p));
    }

    @Test
    void kernelDoesNotFitInRam() throws IOException {
        byte[] text = concat(header(0), filled(16, 0));
        Path p = file("high.elf", new Images.Elf().load(0x4000000 - 16, text, text.length, PF_R).build());
        assertEquals(p + ": program segment 0 at 0x03FFFFF0-0x0400000B does not fit in RAM (64 MiB, up to 0x03FFFFFF)",
                failure(p));
    }

    @Test
    void bssDoesNotFitInRam() throws IOException {
        byte[] text = concat(header(0), filled(16, 0));
        Path p = file("bss.elf", new Images.Elf().load(0x100000, text, 0x7000000, PF_R).build());
        assertTrue(failure(p).endsWith("does not fit in RAM (64 MiB, up to 0x03FFFFFF)"), failure(p));
    }

    @Test
    void segmentWrapsPast4GiB() throws IOException {
        byte[] text = concat(header(0), filled(16, 0));
        Path p = file("wrap.elf", new Images.Elf().load(0xFFFFFFF0, text, text.length, PF_R).build());
        assertEquals(p + ": program segment 0 at 0xFFFFFFF0 (0x1C bytes) wraps past the 4 GiB address space",
                failure(p));
    }

    @Test
    void aoutLoadAddressAboveHeaderAddress() throws IOException {
        Path p = file("a1.bin", concat(Images.aoutHeader(0, 0x100000, 0x100010, 0, 0, 0x100000), filled(64, 0)));
        assertEquals(p + ": bad multiboot header: load_addr 0x100010 is above header_addr 0x100000", failure(p));
    }

    @Test
    void aoutHeaderAddressTooFarAboveLoadAddress() throws IOException {
        Path p = file("a2.bin", concat(Images.aoutHeader(0, 0x100040, 0x100000, 0, 0, 0x100000), filled(64, 0)));
        assertEquals(p + ": bad multiboot header: header_addr - load_addr (0x40) is more than the header's offset"
                + " in the file (0x0)", failure(p));
    }

    @Test
    void aoutLoadEndBelowLoadAddress() throws IOException {
        Path p = file("a3.bin", concat(Images.aoutHeader(0, 0x100000, 0x100000, 0xF0000, 0, 0x100000), filled(64, 0)));
        assertEquals(p + ": bad multiboot header: load_end_addr 0xF0000 is below load_addr 0x100000", failure(p));
    }

    @Test
    void aoutTruncated() throws IOException {
        Path p = file("a4.bin", concat(Images.aoutHeader(0, 0x100000, 0x100000, 0x101000, 0, 0x100000), filled(64, 0)));
        assertEquals(p + ": truncated: load_addr..load_end_addr asks for 0x1000 bytes from file offset 0x0, but the"
                + " file has 96 bytes", failure(p));
    }

    @Test
    void aoutBssEndBelowLoadEnd() throws IOException {
        Path p = file("a5.bin", concat(Images.aoutHeader(0, 0x100000, 0x100000, 0x100040, 0x100020, 0x100000),
                filled(64, 0)));
        assertEquals(p + ": bad multiboot header: bss_end_addr 0x100020 is below the end of the loaded image 0x100040",
                failure(p));
    }

    @Test
    void missingModule() throws IOException {
        Path k = file("k.elf", goodElf().build());
        Path m = dir.resolve("initrd.img");
        assertEquals("module " + m + ": no such file", failure(k, new BootModule(m, "initrd.img")));
        assertEquals(0, memory.read32(0x100000), "nothing was loaded");
    }

    @Test
    void moduleTooBigForRam() throws IOException {
        memory = new PhysicalMemoryMap(2 * MB);
        Path k = file("k.elf", goodElf().build());
        Path m = file("huge.mod", new byte[MB]);
        assertEquals("module " + m + ": 1048576 bytes do not fit in RAM (2 MiB) after the kernel: they would end at"
                + " 0x200FFF", failure(k, new BootModule(m, "huge")));
    }

    @Test
    void noRoomForTheBootInformation() throws IOException {
        byte[] image = concat(Images.aoutHeader(0, 0x0, 0x0, 0, 0x9FB10, 0x20), filled(64, 0xF4));
        Path p = file("fat.bin", image);
        assertEquals(p + ": no room for the boot information (4352 bytes) between 0x1000 and 0x9FC00: the kernel and"
                + " modules cover it", failure(p));
    }
}
