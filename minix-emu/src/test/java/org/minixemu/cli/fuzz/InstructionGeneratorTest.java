package org.minixemu.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.cpu.Disassembly;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.cpu.FlatMemory;
import org.minixemu.cpu.PhysicalMemory;

/**
 * The generator keeps its promises without QEMU: a seed fixes the program, every instruction
 * decodes to exactly its length, and run on our own CPU each one touches no memory but the
 * scratch area (and its own bytes) and raises no exception unless it was built to.
 */
class InstructionGeneratorTest {
    private static final int RECORDS = 20_000;
    private static final int CODE = 0x10000;

    @Test
    void aSeedFixesTheProgram() throws Exception {
        assertArrayEquals(program(7, 500), program(7, 500));
        assertTrue(!java.util.Arrays.equals(program(7, 500), program(8, 500)));
    }

    private static byte[] program(long seed, int n) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FuzzProgram.write(out, new InstructionGenerator(seed).generate(n), 0);
        return out.toByteArray();
    }

    @Test
    void theFileFormatIsTheOneTheKernelReads() throws Exception {
        FuzzProgram.Record r = new FuzzProgram.Record(1, new byte[] {0x01, (byte) 0xD8}, 0x04,
                new int[] {1, 2, 3, 4, 0x7080, 6, 7, 8}, 0x8D5, 0xCD5, 0x12345678, 0x10, new byte[] {9, 9});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FuzzProgram.write(out, List.of(r), FuzzProgram.DUMP_ALL);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(FuzzProgram.HEADER_SIZE + FuzzProgram.RECORD_SIZE, b.limit());
        assertEquals("FUZ1", new String(out.toByteArray(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(4));
        assertEquals(FuzzProgram.DUMP_ALL, b.getInt(8));
        assertEquals(1, b.getInt(12));
        assertEquals(0x7000, b.getInt(16));
        assertEquals(256, b.getInt(20));
        assertEquals(96, b.getInt(24));
        int o = FuzzProgram.HEADER_SIZE;
        assertEquals(1, b.get(o));
        assertEquals(2, b.get(o + 1));
        assertEquals(4, b.get(o + 2));
        assertEquals(2, b.get(o + 3));
        assertEquals(0x7080, b.getInt(o + 4 + 16));
        assertEquals(0x8D5, b.getInt(o + 36));
        assertEquals(0xCD5, b.getInt(o + 40));
        assertEquals(0x12345678, b.getInt(o + 44));
        assertEquals(0x01, b.get(o + 48));
        assertEquals((byte) 0xD8, b.get(o + 49));
        assertEquals(0, b.get(o + 50));
        assertEquals(0x10, b.getShort(o + 80));
        assertEquals(9, b.get(o + 84));
        // The seeded contents: xorshift32 words, as fuzz.c makes them.
        int x = 1;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        assertEquals(x, ByteBuffer.wrap(FuzzProgram.scratch(1)).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals("21200400", HexFormat.of().formatHex(FuzzProgram.scratch(1), 0, 4));
    }

    @Test
    void everyRecordDecodesToWholeInstructions() {
        InstructionGenerator gen = new InstructionGenerator(11);
        Set<String> families = new TreeSet<>();
        int prologues = 0;
        for (int i = 0; i < RECORDS; i++) {
            FuzzProgram.Record r = gen.next();
            families.add(gen.lastFamily());
            List<Disassembly> code = FuzzCampaign.instructions(r.code());
            Disassembly last = code.get(code.size() - 1);
            String what = "record " + i + ": " + HexFormat.of().formatHex(r.code()) + " decodes as "
                    + FuzzCampaign.disassemble(r.code());
            assertTrue(code.size() <= 3, what);
            if (!last.isValid()) {
                assertTrue(gen.lastMayFault() && last.length() == 16, "only a deliberate #GP is 16 bytes long: " + what);
            }
            prologues += code.size() - 1;
        }
        assertEquals(32, families.size(), "every family generated: " + families);
        assertTrue(prologues > RECORDS / 5, "flag setters before the instruction: " + prologues);
    }

    /** Memory that fails on any access outside the scratch area and the instruction. */
    private static final class ScratchOnly implements PhysicalMemory {
        final FlatMemory ram = new FlatMemory(0x20000);
        final List<String> strays = new ArrayList<>();

        private void check(int address, int size, String what) {
            boolean scratch = address >= FuzzProgram.SCRATCH_BASE
                    && address + size <= FuzzProgram.SCRATCH_BASE + FuzzProgram.SCRATCH_SIZE;
            boolean code = what.startsWith("read") && address >= CODE && address + size <= CODE + 32;
            if (!scratch && !code) {
                strays.add(String.format("%s%d at 0x%08x", what, size * 8, address));
            }
        }

        @Override
        public int read8(int a) {
            check(a, 1, "read");
            return ram.read8(a);
        }

        @Override
        public int read16(int a) {
            check(a, 2, "read");
            return ram.read16(a);
        }

        @Override
        public int read32(int a) {
            check(a, 4, "read");
            return ram.read32(a);
        }

        @Override
        public void write8(int a, int v) {
            check(a, 1, "write");
            ram.write8(a, v);
        }

        @Override
        public void write16(int a, int v) {
            check(a, 2, "write");
            ram.write16(a, v);
        }

        @Override
        public void write32(int a, int v) {
            check(a, 4, "write");
            ram.write32(a, v);
        }
    }

    @Test
    void onOurCpuEachInstructionStaysInScratchAndFaultsOnlyOnPurpose() {
        InstructionGenerator gen = new InstructionGenerator(12);
        int faults = 0;
        ScratchOnly mem = new ScratchOnly();
        Cpu cpu = new Cpu(mem);
        for (int i = 0; i < RECORDS; i++) {
            FuzzProgram.Record r = gen.next();
            mem.strays.clear();
            byte[] scratch = r.initialScratch();
            for (int k = 0; k < scratch.length; k++) {
                mem.ram.write8(FuzzProgram.SCRATCH_BASE + k, scratch[k]);
            }
            for (int k = 0; k < r.code().length; k++) {
                mem.ram.write8(CODE + k, r.code()[k]);
            }
            cpu.reset();
            cpu.setA20(true);
            cpu.setControlRegister(0, 1);
            cpu.setIdt(0, 0);       // any exception ends in a shutdown
            cpu.setSegment(Cpu.CS, 0x08, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
            for (int seg : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
                cpu.setSegment(seg, 0x10, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
            }
            for (int reg = 0; reg < 8; reg++) {
                cpu.setRegister(reg, r.regs()[reg]);
            }
            cpu.setEflags((r.eflags() & FuzzProgram.ARITH_FLAGS) | 2);
            cpu.setEip(CODE);
            Exit exit = cpu.run(FuzzCampaign.instructions(r.code()).size());
            String what = "record " + i + " (" + gen.lastFamily() + "): " + HexFormat.of().formatHex(r.code()) + "  "
                    + FuzzCampaign.disassemble(r.code());
            if (exit.kind() != ExitKind.BUDGET) {
                assertTrue(gen.lastMayFault(), what + " faulted: " + exit);
                faults++;
                continue;
            }
            assertEquals(CODE + r.code().length, cpu.eip(), what + ": EIP after it");
            assertEquals(List.of(), mem.strays, what + " touched memory outside the scratch area");
        }
        assertTrue(faults > 0 && faults < RECORDS / 50, "deliberate faults: " + faults);
    }
}
