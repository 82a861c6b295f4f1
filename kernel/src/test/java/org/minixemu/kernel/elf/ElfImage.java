package org.minixemu.kernel.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ELF32 files for the parser tests. Every header field can be set to anything, valid or
 * not; the numbers here are written out from the gABI rather than taken from the parser's
 * {@code Elf}, so that the tests do not share its mistakes. The file is first filled with a
 * position-dependent pattern (so segment contents are recognisable), then the headers go on top.
 */
final class ElfImage {
    static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7;
    static final int PT_GNU_EH_FRAME = 0x6474E550, PT_GNU_STACK = 0x6474E551, PT_GNU_RELRO = 0x6474E552,
            PT_GNU_PROPERTY = 0x6474E553;
    static final int PF_X = 1, PF_W = 2, PF_R = 4;
    static final int RX = PF_R | PF_X, RW = PF_R | PF_W;

    private int elfClass = 1, data = 1, identVersion = 1;
    private int type = 2, machine = 3, ehsize = 52, phentsize = 32;
    private long version = 1, entry, phoff = 52;
    private int phnum = -1;         // -1: the number of headers added
    private int size = -1;          // -1: just big enough for the headers and the segments' file bytes
    private final List<long[]> headers = new ArrayList<>();

    /** Text 0x08048000-0x08048400 R-X from offset 0, data 0x08049000-0x08049100 RW- (0x20 file bytes at 0x1000), a non-executable stack note. */
    static ElfImage typical() {
        return new ElfImage().entry(0x08048080)
                .load(0x08048000, 0, 0x400, 0x400, RX)
                .load(0x08049000, 0x1000, 0x20, 0x100, RW)
                .header(PT_GNU_STACK, 0, 0, 0, 0, RW, 0x10);
    }

    /**
     * A 0xE0-byte program whose data segment shares the text's file page and ends at the end of
     * the file, so that every byte after the headers belongs to a segment.
     */
    static ElfImage small() {
        return new ElfImage().entry(0x080480A0)
                .load(0x08048000, 0, 0xC0, 0xC0, RX)
                .load(0x080490C0, 0xC0, 0x20, 0x100, RW)
                .header(PT_GNU_STACK, 0, 0, 0, 0, RW, 0x10);
    }

    ElfImage elfClass(int v) { elfClass = v; return this; }
    ElfImage data(int v) { data = v; return this; }
    ElfImage identVersion(int v) { identVersion = v; return this; }
    ElfImage type(int v) { type = v; return this; }
    ElfImage machine(int v) { machine = v; return this; }
    ElfImage version(long v) { version = v; return this; }
    ElfImage entry(long v) { entry = v; return this; }
    ElfImage phoff(long v) { phoff = v; return this; }
    ElfImage ehsize(int v) { ehsize = v; return this; }
    ElfImage phentsize(int v) { phentsize = v; return this; }
    ElfImage phnum(int v) { phnum = v; return this; }
    ElfImage size(int v) { size = v; return this; }

    /** A PT_LOAD with page alignment. */
    ElfImage load(long vaddr, long offset, long filesz, long memsz, int flags) {
        return header(PT_LOAD, offset, vaddr, filesz, memsz, flags, 0x1000);
    }

    /** Any program header; p_paddr is set to p_vaddr. */
    ElfImage header(int type, long offset, long vaddr, long filesz, long memsz, int flags, long align) {
        headers.add(new long[] {type, offset, vaddr, vaddr, filesz, memsz, flags, align});
        return this;
    }

    /** Replaces one field of program header {@code index}: 0 p_type, 1 p_offset, 2 p_vaddr, ... 7 p_align. */
    ElfImage set(int index, int field, long value) {
        headers.get(index)[field] = value;
        return this;
    }

    /** Drops all program headers (to add others). */
    ElfImage clearHeaders() {
        headers.clear();
        return this;
    }

    byte[] build() {
        int n = phnum >= 0 ? phnum : headers.size();
        int length = size;
        if (length < 0) {
            long end = Math.max(52, phoff + 32L * headers.size());
            for (long[] h : headers) {
                if (h[0] == PT_LOAD) {
                    end = Math.max(end, h[1] + h[4]);
                }
            }
            length = Math.toIntExact(end);
        }
        byte[] file = new byte[length];
        for (int i = 0; i < length; i++) {
            file[i] = (byte) (i * 37 + 11);
        }
        ByteBuffer b = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', (byte) elfClass, (byte) data, (byte) identVersion, 0});
        b.put(new byte[8]);
        b.putShort((short) type).putShort((short) machine).putInt((int) version)
                .putInt((int) entry).putInt((int) phoff).putInt(0).putInt(0)
                .putShort((short) ehsize).putShort((short) phentsize).putShort((short) n)
                .putShort((short) 40).putShort((short) 0).putShort((short) 0);
        System.arraycopy(b.array(), 0, file, 0, Math.min(52, length));
        for (int i = 0; i < headers.size(); i++) {
            long at = phoff + 32L * i;
            if (at + 32 > length) {
                break;
            }
            ByteBuffer h = ByteBuffer.wrap(file, (int) at, 32).order(ByteOrder.LITTLE_ENDIAN);
            long[] f = headers.get(i);
            h.putInt((int) f[0]).putInt((int) f[1]).putInt((int) f[2]).putInt((int) f[3])
                    .putInt((int) f[4]).putInt((int) f[5]).putInt((int) f[6]).putInt((int) f[7]);
        }
        return file;
    }
}
