package org.minixemu.devices.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.devices.boot.Images.PF_R;
import static org.minixemu.devices.boot.Images.PF_W;
import static org.minixemu.devices.boot.Images.PF_X;
import static org.minixemu.devices.boot.Images.bytes;
import static org.minixemu.devices.boot.Images.concat;
import static org.minixemu.devices.boot.Images.filled;
import static org.minixemu.devices.boot.Images.header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PhysicalMemoryMap;
import org.minixemu.devices.RunResult;

class MultibootLoaderTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    private final PhysicalMemoryMap memory = new PhysicalMemoryMap(64 * MB);

    private Path file(String name, byte[] contents) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, contents);
        return p;
    }

    private String cString(int address) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int a = address; memory.read8(a) != 0; a++) {
            s.write(memory.read8(a));
        }
        return s.toString(StandardCharsets.UTF_8);
    }

    private long read64(int address) {
        return (memory.read32(address) & 0xFFFFFFFFL) | (long) memory.read32(address + 4) << 32;
    }

    /** Code at the entry point: MOV EAX,[EBX+4] (mem_lower); OUT 0xF4,AL. */
    private static final byte[] REPORT_MEM_LOWER = bytes(0x8B, 0x43, 0x04, 0xE6, 0xF4, 0xEB, 0xFE);

    /** The kernel most tests use: a header segment in the PC hole, text at 1 MiB, data with BSS. */
    private byte[] typicalKernel() {
        return new Images.Elf()
                .entry(0x10000C)
                .load(0xFF000, filled(0xB4, 0x77), 0xB4, PF_R)
                .load(0x100000, concat(header(3), REPORT_MEM_LOWER), 12 + REPORT_MEM_LOWER.length, PF_R | PF_X)
                .load(0x101000, bytes(1, 2, 3, 4), 0x100, PF_R | PF_W)
                .segment(Images.PT_NOTE, 0, 0, bytes(9, 9, 9, 9), 4, PF_R)
                .build();
    }

    @Test
    void elfSegmentsGoToTheirPhysicalAddressesWithBssZeroed() throws Exception {
        memory.fill(0x101000, 0x200, 0xEE);
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "k.elf", List.of());
        assertEquals(MultibootBoot.class, boot.getClass());
        assertArrayEquals(concat(header(3), REPORT_MEM_LOWER), memory.readBytes(0x100000, 12 + REPORT_MEM_LOWER.length));
        assertArrayEquals(bytes(1, 2, 3, 4), memory.readBytes(0x101000, 4));
        assertArrayEquals(new byte[0x100 - 4], memory.readBytes(0x101004, 0x100 - 4), "BSS zeroed");
        assertEquals(0xEEEEEEEE, memory.read32(0x101100), "nothing past the BSS");
        assertEquals(0xFFFFFFFF, memory.read32(0xFF000), "the part in the PC hole is not loaded");
        assertEquals(0x10000C, boot.entry());
        assertEquals(0xFF000, boot.kernelStart());
        assertEquals(0x101100, boot.kernelEnd());
    }

    @Test
    void theEntryStateIsWhatTheSpecificationPromises() throws Exception {
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "k.elf", List.of());
        Cpu cpu = new Cpu(memory);
        cpu.setRegister(Cpu.ESI, 0x1234);
        boot.enter(cpu);

        assertEquals(0x2BADB002, cpu.register(Cpu.EAX));
        assertEquals(0x1000, boot.infoAddress());
        assertEquals(0x1000, cpu.register(Cpu.EBX));
        for (int r : new int[] {Cpu.ECX, Cpu.EDX, Cpu.EBP, Cpu.ESI, Cpu.EDI}) {
            assertEquals(0, cpu.register(r), "register " + r);
        }
        // ESP: a courtesy stack of 4 KiB above the boot information, below the EBDA.
        assertEquals(boot.stackTop(), cpu.register(Cpu.ESP));
        assertEquals(0, boot.stackTop() % 16);
        assertEquals(true, boot.stackTop() - 4096 > boot.gdtBase() + 23 && boot.stackTop() <= 0x9FC00,
                "stack 0x" + Integer.toHexString(boot.stackTop()));
        assertArrayEquals(new byte[4096], memory.readBytes(boot.stackTop() - 4096, 4096));
        assertEquals(0x10000C, cpu.eip());
        assertEquals(0x08, cpu.segmentSelector(Cpu.CS));
        assertEquals(0, cpu.segmentBase(Cpu.CS));
        assertEquals(0xFFFFFFFF, cpu.segmentLimit(Cpu.CS));
        assertEquals(Descriptor.FLAT_CODE32, cpu.segmentAttributes(Cpu.CS));
        for (int seg : new int[] {Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS, Cpu.SS}) {
            assertEquals(0x10, cpu.segmentSelector(seg));
            assertEquals(0, cpu.segmentBase(seg));
            assertEquals(0xFFFFFFFF, cpu.segmentLimit(seg));
            assertEquals(Descriptor.FLAT_DATA32, cpu.segmentAttributes(seg));
        }
        assertEquals(0x11, cpu.controlRegister(0), "PE, ET; PG off");
        assertEquals(0, cpu.controlRegister(3));
        assertEquals(0, cpu.controlRegister(4));
        assertEquals(0x2, cpu.eflags(), "IF = 0, VM = 0");
        assertEquals(0, cpu.idtBase());
        assertEquals(0, cpu.idtLimit());
        assertEquals(boot.gdtBase(), cpu.gdtBase());
        assertEquals(23, cpu.gdtLimit());

        // The GDT in memory agrees with the segment registers' hidden parts.
        int gdt = boot.gdtBase();
        assertEquals(0, gdt % 8, "GDT 8-byte aligned");
        assertEquals(0L, read64(gdt));
        for (int[] sel : new int[][] {{0x08, Descriptor.FLAT_CODE32}, {0x10, Descriptor.FLAT_DATA32}}) {
            int low = memory.read32(gdt + sel[0]);
            int high = memory.read32(gdt + sel[0] + 4);
            assertEquals(0, Descriptor.base(low, high));
            assertEquals(0xFFFFFFFF, Descriptor.limit(low, high));
            assertEquals(sel[1], Descriptor.attributes(high));
        }
    }

    @Test
    void everyFieldOfTheInformationStructure() throws Exception {
        Path modA = file("modA.txt", "modA\n".getBytes(StandardCharsets.US_ASCII));
        Path modB = file("modB.bin", filled(0x1800, 0x5B));
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "k.elf a  b",
                List.of(new BootModule(modA, "modA.txt argA"), new BootModule(modB, "modB.bin")));
        int mbi = boot.infoAddress();

        assertEquals(0x24D, memory.read32(mbi), "flags: mem, cmdline, mods, mmap, boot loader name");
        assertEquals(639, memory.read32(mbi + 4), "mem_lower");
        assertEquals(64 * 1024 - 1024, memory.read32(mbi + 8), "mem_upper");
        assertEquals(0, memory.read32(mbi + 12), "boot_device (flag 1 clear)");
        assertEquals("k.elf a  b", cString(memory.read32(mbi + 16)));
        assertEquals(2, memory.read32(mbi + 20), "mods_count");
        int mods = memory.read32(mbi + 24);
        assertEquals(0x102000, memory.read32(mods), "first module at the first page after the kernel");
        assertEquals(0x102005, memory.read32(mods + 4), "mod_end is exclusive");
        assertEquals("modA.txt argA", cString(memory.read32(mods + 8)));
        assertEquals(0, memory.read32(mods + 12));
        assertEquals(0x103000, memory.read32(mods + 16));
        assertEquals(0x104800, memory.read32(mods + 20));
        assertEquals("modB.bin", cString(memory.read32(mods + 24)));
        assertEquals(0, memory.read32(mods + 28));
        assertArrayEquals("modA\n".getBytes(StandardCharsets.US_ASCII), memory.readBytes(0x102000, 5));
        assertArrayEquals(filled(0x1800, 0x5B), memory.readBytes(0x103000, 0x1800));
        assertEquals(List.of(new MultibootBoot.LoadedModule(0x102000, 0x102005, "modA.txt argA"),
                new MultibootBoot.LoadedModule(0x103000, 0x104800, "modB.bin")), boot.modules());
        for (int off = 28; off < 44; off += 4) {
            assertEquals(0, memory.read32(mbi + off), "symbols at +" + off);
        }
        assertEquals(4 * 24, memory.read32(mbi + 44), "mmap_length");
        int mmap = memory.read32(mbi + 48);
        long[][] expected = {
            {0, 0x9FC00, 1},
            {0x9FC00, 0x400, 2},
            {0xF0000, 0x10000, 2},
            {0x100000, 64 * MB - 0x100000, 1},
        };
        for (int i = 0; i < expected.length; i++) {
            int e = mmap + 24 * i;
            assertEquals(20, memory.read32(e), "entry size");
            assertEquals(expected[i][0], read64(e + 4), "base of entry " + i);
            assertEquals(expected[i][1], read64(e + 12), "length of entry " + i);
            assertEquals(expected[i][2], memory.read32(e + 20), "type of entry " + i);
        }
        assertEquals(0, memory.read32(mbi + 52), "drives_length");
        assertEquals(0, memory.read32(mbi + 56), "drives_addr");
        assertEquals(0, memory.read32(mbi + 60), "config_table");
        assertEquals("minix-emu", cString(memory.read32(mbi + 64)));
        for (int off = 68; off < 116; off += 4) {
            assertEquals(0, memory.read32(mbi + off), "APM/VBE/framebuffer at +" + off);
        }
        // Everything the loader wrote lies below the EBDA, and not on the kernel.
        for (int p : new int[] {memory.read32(mbi + 16), mods, mmap, memory.read32(mbi + 64), boot.gdtBase()}) {
            assertEquals(true, p >= 0x1000 && p < 0x9FC00, "0x" + Integer.toHexString(p));
        }
    }

    @Test
    void withoutModulesTheListIsEmptyButPresent() throws Exception {
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "", List.of());
        int mbi = boot.infoAddress();
        assertEquals(0x24D, memory.read32(mbi));
        assertEquals(0, memory.read32(mbi + 20));
        assertEquals("", cString(memory.read32(mbi + 16)));
    }

    @Test
    void theLoadedKernelRunsAndReadsItsInformation() throws Exception {
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "k.elf", List.of());
        PcMachine machine = new PcMachine(memory, new PcMachine.Config(java.io.OutputStream.nullOutputStream(), null, null));
        boot.enter(machine.cpu());
        RunResult r = machine.run(Duration.ofSeconds(30));
        assertEquals(RunResult.Outcome.POWER_OFF, r.outcome());
        assertEquals((0x7F << 1) | 1, r.exitStatus(), "isa-debug-exit of AL = low byte of mem_lower (639 = 0x27F)");
    }

    @Test
    void aHigherHalfEntryIsTranslatedToItsPhysicalAddress() throws Exception {
        byte[] text = concat(header(0), filled(16, 0x90));
        byte[] elf = new Images.Elf().entry(0xC010000C)
                .segment(Images.PT_LOAD, 0xC0100000, 0x100000, text, text.length, PF_R | PF_X).build();
        MultibootBoot boot = new MultibootLoader(memory).load(file("hh.elf", elf), "", List.of());
        assertEquals(0x10000C, boot.entry());
        assertArrayEquals(text, memory.readBytes(0x100000, text.length));

        byte[] notExecutable = new Images.Elf().entry(0xC010000C)
                .segment(Images.PT_LOAD, 0xC0100000, 0x100000, text, text.length, PF_R).build();
        assertEquals(0xC010000C, new MultibootLoader(new PhysicalMemoryMap(4 * MB))
                .load(file("nx.elf", notExecutable), "", List.of()).entry(), "QEMU translates only for PF_X");
    }

    @Test
    void theAoutKludgeLoadsWhatTheHeaderSays() throws Exception {
        // 32 bytes before the header are loaded too: load_addr = header_addr - 32.
        byte[] prefix = filled(32, 0x11);
        byte[] code = bytes(0xF4, 0xF4, 0xF4, 0xF4);
        int loadEnd = 0x200000 + 32 + 32 + code.length;
        byte[] image = concat(prefix, Images.aoutHeader(0, 0x200020, 0x200000, loadEnd, loadEnd + 0x2000, 0x200040),
                code, filled(100, 0x99));
        memory.fill(loadEnd, 0x3000, 0xEE);
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.aout", image), "", List.of());
        assertEquals(0x200040, boot.entry());
        assertArrayEquals(java.util.Arrays.copyOf(image, 68), memory.readBytes(0x200000, 68));
        assertArrayEquals(new byte[0x2000], memory.readBytes(loadEnd, 0x2000), "bss zeroed");
        assertEquals(0xEEEEEEEE, memory.read32(loadEnd + 0x2000), "trailing bytes past load_end not loaded");
        assertEquals(loadEnd + 0x2000, boot.kernelEnd());
    }

    @Test
    void theAoutKludgeWithoutLoadEndTakesTheRestOfTheFile() throws Exception {
        byte[] image = concat(Images.aoutHeader(0, 0x300000, 0x300000, 0, 0, 0x300020), filled(1000, 0x42));
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.bin", image), "", List.of());
        assertArrayEquals(image, memory.readBytes(0x300000, image.length));
        assertEquals(0x300000 + image.length, boot.kernelEnd());
        assertEquals(0x300020, boot.entry());
    }

    @Test
    void flag16WinsOverTheElfProgramHeaders() throws Exception {
        Images.Elf elf = new Images.Elf().entry(0x100000).load(0x100000, filled(64, 0x90), 64, PF_R | PF_X);
        byte[] withHeader = elf.build();
        // Put an a.out-kludge header into the segment: load the whole file at 0x400000.
        int at = elf.offsetOf(0);
        byte[] h = Images.aoutHeader(0, 0x400000 + at, 0x400000, 0, 0, 0x400000 + at + 32);
        System.arraycopy(h, 0, withHeader, at, h.length);
        MultibootBoot boot = new MultibootLoader(memory).load(file("both.elf", withHeader), "", List.of());
        assertEquals(0x400000 + at + 32, boot.entry());
        assertArrayEquals(withHeader, memory.readBytes(0x400000, withHeader.length));
        assertEquals(0, memory.read32(0x100000), "the ELF segment was not loaded");
    }

    @Test
    void aLowKernelPushesTheBootInformationAboveIt() throws Exception {
        byte[] image = concat(Images.aoutHeader(0, 0x1000, 0x1000, 0, 0x4000, 0x1020), filled(64, 0xF4));
        MultibootBoot boot = new MultibootLoader(memory).load(file("low.bin", image), "low", List.of());
        assertEquals(0x4000, boot.infoAddress());
        assertEquals("low", cString(memory.read32(0x4000 + 16)));
        assertEquals(0xF4F4F4F4, memory.read32(0x1000 + 32), "the kernel is intact");
    }

    @Test
    void modulesOfALowKernelSkipTheHole() throws Exception {
        byte[] image = concat(Images.aoutHeader(0, 0x90000, 0x90000, 0, 0x98000, 0x90020), filled(64, 0xF4));
        Path mod = file("big.mod", filled(0x10000, 0xAB));
        MultibootBoot boot = new MultibootLoader(memory).load(file("low.bin", image), "",
                List.of(new BootModule(mod, "big")));
        assertEquals(0x100000, boot.modules().get(0).start());
        assertArrayEquals(filled(0x10000, 0xAB), memory.readBytes(0x100000, 0x10000));
        assertEquals(0x1000, boot.infoAddress());
    }

    @Test
    void anEmptyModuleIsFine() throws Exception {
        Path empty = file("empty.mod", new byte[0]);
        MultibootBoot boot = new MultibootLoader(memory).load(file("k.elf", typicalKernel()), "",
                List.of(new BootModule(empty, "")));
        assertEquals(new MultibootBoot.LoadedModule(0x102000, 0x102000, ""), boot.modules().get(0));
    }
}
