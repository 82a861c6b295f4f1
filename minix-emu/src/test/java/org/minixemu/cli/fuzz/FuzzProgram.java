package org.minixemu.cli.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The test program the fuzz kernel ({@code testkernels/fuzz}) reads from its first multiboot
 * module: a header and a list of records, each one instruction with the machine state to run it
 * in. This class is the reference for the format; {@code testkernels/fuzz/fuzz.c} reads it and
 * {@code docs/cpu-fuzzing.md} describes it. All numbers are little-endian.
 *
 * <pre>
 * header, 32 bytes   "FUZ1"; version 1; flags (bit 0: dump the scratch area after every
 *                    record); record count; scratch base; scratch size; record size (96); 0
 * record, 96 bytes   +0  flags (bit 0: dump the scratch area after this record)
 *                    +1  code length, 1-32
 *                    +2  undefined registers: bit i prints register i as xxxxxxxx
 *                    +3  patch length, 0-8
 *                    +4  EAX ECX EDX EBX ESP EBP ESI EDI, 4 bytes each (ESP inside scratch)
 *                    +36 EFLAGS (the kernel takes only CF PF AF ZF SF DF OF)
 *                    +40 the flags to print (those the code leaves defined)
 *                    +44 the seed of the scratch area's contents
 *                    +48 the code, padded with zeros to 32 bytes
 *                    +80 patch offset in the scratch area (16 bits); 2 bytes zero
 *                    +84 patch bytes, padded to 8; 4 bytes zero
 * </pre>
 *
 * <p>The code is the instruction under test, sometimes after one or two instructions that only
 * set flags (CMP, TEST, BT on registers; CLC, STC, CMC, SAHF), so that it also meets flags left
 * by an earlier instruction rather than only flags loaded by POPF; both emulators compute flags
 * lazily. The instruction under test may be 16 bytes long: one over the i386's limit, #GP.
 *
 * <p>The scratch area's contents are xorshift32 words from the seed ({@link #scratch}), with the
 * patch bytes written over them: the generator uses the patch to put a chosen value (a zero
 * divisor's replacement, CMPXCHG's expected value) where an instruction will read it.
 */
public final class FuzzProgram {
    /** "FUZ1" read as a little-endian dword. */
    public static final int MAGIC = 0x315A5546;
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 32;
    public static final int RECORD_SIZE = 96;
    /** Bytes of code a record holds. */
    public static final int MAX_CODE = 32;
    /** Header flag: dump the scratch area after every record. */
    public static final int DUMP_ALL = 1;
    /** Record flag: dump the scratch area after this record. */
    public static final int DUMP = 1;

    /**
     * Where the fuzz kernel keeps the scratch area: below 64 KiB, so that 16-bit addresses reach
     * it, and clear of where QEMU (0x9000) and minix-emu (0x1000) put the boot information.
     */
    public static final int SCRATCH_BASE = 0x7000;
    /** Bytes in the scratch area. */
    public static final int SCRATCH_SIZE = 256;

    /** The arithmetic flags and DF: the only ones a record sets and the most it prints. */
    public static final int CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, DF = 0x400,
            OF = 0x800;
    public static final int ARITH_FLAGS = CF | PF | AF | ZF | SF | DF | OF;

    private FuzzProgram() {
    }

    /**
     * One record: the instruction and the state it starts from.
     *
     * @param flags {@link #DUMP} or 0
     * @param code the code, 1-32 bytes: the instruction under test, perhaps after flag setters
     * @param undefinedRegisters bit i: register i (EAX, ECX, ... EDI) is undefined afterwards
     * @param regs EAX ECX EDX EBX ESP EBP ESI EDI
     * @param eflags the arithmetic flags and DF to start with
     * @param mask the flags to compare afterwards
     * @param seed the scratch area's seed
     * @param patchOffset where the patch goes in the scratch area
     * @param patch 0-8 bytes written over the seeded contents
     */
    public record Record(int flags, byte[] code, int undefinedRegisters, int[] regs, int eflags, int mask,
            int seed, int patchOffset, byte[] patch) {
        /** Checks the limits the kernel enforces. */
        public Record {
            if (code.length < 1 || code.length > MAX_CODE) {
                throw new IllegalArgumentException("code length " + code.length);
            }
            if (regs.length != 8) {
                throw new IllegalArgumentException("8 registers needed");
            }
            if (patch.length > 8) {
                throw new IllegalArgumentException("patch of " + patch.length + " bytes");
            }
        }

        /** The same record with its dump flag set. */
        public Record withDump() {
            return new Record(flags | DUMP, code, undefinedRegisters, regs, eflags, mask, seed, patchOffset, patch);
        }

        /** The scratch area as the instruction finds it. */
        public byte[] initialScratch() {
            byte[] b = scratch(seed);
            for (int i = 0; i < patch.length; i++) {
                b[(patchOffset + i) % SCRATCH_SIZE] = patch[i];
            }
            return b;
        }
    }

    /** The scratch area's contents from a seed, before the patch (as fuzz.c fills it). */
    public static byte[] scratch(int seed) {
        ByteBuffer b = ByteBuffer.allocate(SCRATCH_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int x = seed != 0 ? seed : 0x2545F491;
        for (int i = 0; i < SCRATCH_SIZE / 4; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b.putInt(x);
        }
        return b.array();
    }

    /** CRC-32 (the zlib one, as fuzz.c computes it). */
    public static int crc32(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }

    /** Writes a program to {@code out}. */
    public static void write(OutputStream out, List<Record> records, int headerFlags) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putInt(VERSION).putInt(headerFlags).putInt(records.size())
                .putInt(SCRATCH_BASE).putInt(SCRATCH_SIZE).putInt(RECORD_SIZE).putInt(0);
        out.write(h.array());
        ByteBuffer r = ByteBuffer.allocate(RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (Record rec : records) {
            r.clear();
            r.put((byte) rec.flags()).put((byte) rec.code().length).put((byte) rec.undefinedRegisters())
                    .put((byte) rec.patch().length);
            for (int v : rec.regs()) {
                r.putInt(v);
            }
            r.putInt(rec.eflags()).putInt(rec.mask()).putInt(rec.seed());
            byte[] code = new byte[MAX_CODE];
            System.arraycopy(rec.code(), 0, code, 0, rec.code().length);
            r.put(code);
            r.putShort((short) rec.patchOffset()).putShort((short) 0);
            byte[] patch = new byte[8];
            System.arraycopy(rec.patch(), 0, patch, 0, rec.patch().length);
            r.put(patch).putInt(0);
            out.write(r.array());
        }
    }

    /** Writes a program to a file. */
    public static void write(Path file, List<Record> records, int headerFlags) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, records, headerFlags);
        }
    }
}
