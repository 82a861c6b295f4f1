package org.minixemu.devices.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds kernel images byte by byte for the loader tests. */
final class Images {
    static final int MAGIC = 0x1BADB002;
    static final int PF_X = 1, PF_W = 2, PF_R = 4;
    static final int PT_LOAD = 1, PT_NOTE = 4;

    private Images() {
    }

    /** A 12-byte multiboot header with a correct checksum. */
    static byte[] header(int flags) {
        return le(MAGIC, flags, -(MAGIC + flags));
    }

    /** A 32-byte multiboot header with flag 16 and the address fields. */
    static byte[] aoutHeader(int extraFlags, int headerAddr, int loadAddr, int loadEnd, int bssEnd, int entry) {
        int flags = extraFlags | 1 << 16;
        return le(MAGIC, flags, -(MAGIC + flags), headerAddr, loadAddr, loadEnd, bssEnd, entry);
    }

    static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** An ELF32 file: header, program headers, then each segment's bytes in order. */
    static final class Elf {
        record Segment(int type, int vaddr, int paddr, byte[] data, int memsz, int flags) {
        }

        int elfClass = 1;
        int dataEncoding = 1;
        int type = 2;
        int machine = 3;
        int entry;
        int phentsize = 32;
        final List<Segment> segments = new ArrayList<>();

        Elf entry(int value) {
            entry = value;
            return this;
        }

        Elf load(int address, byte[] data, int memsz, int flags) {
            return segment(PT_LOAD, address, address, data, memsz, flags);
        }

        Elf segment(int segType, int vaddr, int paddr, byte[] data, int memsz, int flags) {
            segments.add(new Segment(segType, vaddr, paddr, data, memsz, flags));
            return this;
        }

        /** File offset of segment {@code i}'s bytes. */
        int offsetOf(int i) {
            int at = align(52 + phentsize * segments.size());
            for (int j = 0; j < i; j++) {
                at = align(at + segments.get(j).data().length);
            }
            return at;
        }

        private static int align(int n) {
            return (n + 15) & ~15;
        }

        byte[] build() {
            int size = offsetOf(segments.size());
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {0x7F, 'E', 'L', 'F', (byte) elfClass, (byte) dataEncoding, 1});
            b.putShort(16, (short) type);
            b.putShort(18, (short) machine);
            b.putInt(20, 1);
            b.putInt(24, entry);
            b.putInt(28, 52);
            b.putShort(40, (short) 52);
            b.putShort(42, (short) phentsize);
            b.putShort(44, (short) segments.size());
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                int ph = 52 + i * phentsize;
                b.putInt(ph, s.type());
                b.putInt(ph + 4, offsetOf(i));
                b.putInt(ph + 8, s.vaddr());
                b.putInt(ph + 12, s.paddr());
                b.putInt(ph + 16, s.data().length);
                b.putInt(ph + 20, s.memsz());
                b.putInt(ph + 24, s.flags());
                b.putInt(ph + 28, 0x1000);
                b.put(offsetOf(i), s.data());
            }
            return b.array();
        }
    }
}
