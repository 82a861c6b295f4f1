package org.minixemu.kernel.elf;

import static org.minixemu.kernel.elf.Elf.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.minixemu.kernel.abi.Abi;

/**
 * One run of the checks behind {@link ElfProgram#parse}, in the order a reader would ask: is it
 * ELF at all, is it ours (class, byte order, versions, type, machine), are the header tables where
 * they claim, is it static, and then is each loadable segment sane, alone and together. The first
 * failure throws; each has its own message.
 *
 * <p>Every ELF field is unsigned 32 (or 16) bits and is read into a long (or int), so offsets plus
 * sizes cannot overflow whatever the file says.
 */
final class ElfParser {
    private static final byte[] MAGIC = {0x7F, 'E', 'L', 'F'};
    private static final long FOUR_GIB = 1L << 32;
    private static final long PAGE_SIZE = Abi.PAGE_SIZE;

    private final String name;
    private final byte[] file;
    private final ByteBuffer bytes;
    private final long userLimit;

    /** A PT_LOAD segment with the index of its program header, for messages. */
    private record Numbered(int header, ElfSegment segment) {
    }

    ElfParser(String name, byte[] file, long userLimit) {
        this.name = name;
        this.file = file;
        this.bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        this.userLimit = userLimit;
    }

    ElfProgram parse() {
        checkIdent();
        checkHeader();
        long entry = u32(E_ENTRY);
        int count = u16(E_PHNUM);
        int table = checkProgramHeaderTable(count);
        checkStatic(table, count);
        List<Numbered> loads = readLoadSegments(table, count);
        checkNoOverlap(loads);
        checkEntry(entry, loads);
        return new ElfProgram(name, entry, loads.stream().map(Numbered::segment).toList());
    }

    /** The magic, the length, and the e_ident bytes after the magic. */
    private void checkIdent() {
        // The magic first, on whatever bytes there are: a short text file is "not ELF", not "short".
        int have = Math.min(file.length, MAGIC.length);
        for (int i = 0; i < have; i++) {
            if (file[i] != MAGIC[i]) {
                throw fail("not an ELF file (magic 7F 45 4C 46 expected, found %s)", hex(file, have));
            }
        }
        if (file.length < HEADER_SIZE) {
            throw fail("the file is %d bytes, shorter than the %d-byte ELF header", file.length, HEADER_SIZE);
        }
        int elfClass = file[EI_CLASS] & 0xFF;
        if (elfClass != ELFCLASS32) {
            throw fail("EI_CLASS is %d (%s), expected %d (ELFCLASS32)", elfClass,
                    elfClass == ELFCLASS64 ? "ELFCLASS64, a 64-bit file" : "invalid", ELFCLASS32);
        }
        int data = file[EI_DATA] & 0xFF;
        if (data != ELFDATA2LSB) {
            throw fail("EI_DATA is %d (%s), expected %d (ELFDATA2LSB, little-endian)", data,
                    data == ELFDATA2MSB ? "ELFDATA2MSB, big-endian" : "invalid", ELFDATA2LSB);
        }
        int version = file[EI_VERSION] & 0xFF;
        if (version != EV_CURRENT) {
            throw fail("EI_VERSION is %d, expected %d (EV_CURRENT)", version, EV_CURRENT);
        }
    }

    /** The fixed fields of the file header. */
    private void checkHeader() {
        int type = u16(E_TYPE);
        if (type != ET_EXEC) {
            throw fail("e_type is %d%s, expected %d (executable)", type, described(typeName(type)), ET_EXEC);
        }
        int machine = u16(E_MACHINE);
        if (machine != EM_386) {
            throw fail("e_machine is %d%s, expected %d (i386)", machine, described(machineName(machine)), EM_386);
        }
        long version = u32(E_VERSION);
        if (version != EV_CURRENT) {
            throw fail("e_version is %d, expected %d (EV_CURRENT)", version, EV_CURRENT);
        }
        int ehsize = u16(E_EHSIZE);
        if (ehsize != HEADER_SIZE) {
            throw fail("e_ehsize is %d, expected %d", ehsize, HEADER_SIZE);
        }
        int phentsize = u16(E_PHENTSIZE);
        if (phentsize != PROGRAM_HEADER_SIZE) {
            throw fail("e_phentsize is %d, expected %d", phentsize, PROGRAM_HEADER_SIZE);
        }
    }

    /** Checks e_phnum and that the table lies in the file; returns the table's offset. */
    private int checkProgramHeaderTable(int count) {
        if (count == 0) {
            throw fail("no program headers (e_phnum is 0)");
        }
        if (count > MAX_PROGRAM_HEADERS) {
            throw fail("e_phnum is %d, more than the %d program headers allowed", count, MAX_PROGRAM_HEADERS);
        }
        long offset = u32(E_PHOFF);
        long end = offset + (long) count * PROGRAM_HEADER_SIZE;
        if (end > file.length) {
            throw fail("the program header table (e_phoff 0x%x, %d entries of %d bytes) ends at 0x%x,"
                    + " past the end of the file (0x%x bytes)", offset, count, PROGRAM_HEADER_SIZE, end, file.length);
        }
        return (int) offset;
    }

    /** Rejects what a static program without TLS and with a non-executable stack would not have. */
    private void checkStatic(int table, int count) {
        for (int i = 0; i < count; i++) {
            int at = table + i * PROGRAM_HEADER_SIZE;
            int type = bytes.getInt(at + P_TYPE);
            if (type == PT_INTERP || type == PT_DYNAMIC) {
                throw fail("program header %d: %s means dynamically linked, needs a static executable",
                        i, type == PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC");
            }
            if (type == PT_TLS) {
                throw fail("program header %d: PT_TLS, but thread-local storage is not supported", i);
            }
            if (type == PT_GNU_STACK && (bytes.getInt(at + P_FLAGS) & PF_X) != 0) {
                throw fail("program header %d: PT_GNU_STACK asks for an executable stack", i);
            }
            // PT_NULL, PT_NOTE, PT_PHDR, PT_GNU_STACK, PT_GNU_EH_FRAME, PT_GNU_RELRO, PT_GNU_PROPERTY
            // and the rest need nothing from the loader.
        }
    }

    /** Checks every PT_LOAD header; returns the non-empty ones sorted by address. */
    private List<Numbered> readLoadSegments(int table, int count) {
        List<Numbered> loads = new ArrayList<>();
        int headers = 0;
        for (int i = 0; i < count; i++) {
            int at = table + i * PROGRAM_HEADER_SIZE;
            if (bytes.getInt(at + P_TYPE) != PT_LOAD) {
                continue;
            }
            headers++;
            ElfSegment segment = loadSegment(i, at);
            if (segment != null) {
                loads.add(new Numbered(i, segment));
            }
        }
        if (headers == 0) {
            throw fail("no PT_LOAD segment, so nothing to load");
        }
        if (loads.isEmpty()) {
            throw fail("every PT_LOAD segment is empty (p_memsz 0), so nothing to load");
        }
        loads.sort(Comparator.comparingLong(n -> n.segment().virtualAddress()));
        return loads;
    }

    /** Checks one PT_LOAD header; null if it is empty and so ignored. */
    private ElfSegment loadSegment(int header, int at) {
        long offset = u32(at + P_OFFSET);
        long vaddr = u32(at + P_VADDR);
        long filesz = u32(at + P_FILESZ);
        long memsz = u32(at + P_MEMSZ);
        int flags = bytes.getInt(at + P_FLAGS);
        long align = u32(at + P_ALIGN);
        if (filesz > memsz) {
            throw fail("program header %d: p_filesz 0x%x is larger than p_memsz 0x%x", header, filesz, memsz);
        }
        if (memsz == 0) {
            return null; // e.g. the empty data segment ld can emit at address 0
        }
        if (offset + filesz > file.length) {
            throw fail("program header %d: file bytes 0x%x-0x%x (p_offset 0x%x, p_filesz 0x%x) extend past"
                    + " the end of the file (0x%x bytes)", header, offset, offset + filesz, offset, filesz, file.length);
        }
        long end = vaddr + memsz;
        if (end > FOUR_GIB) {
            throw fail("program header %d: segment at 0x%08x with p_memsz 0x%x wraps past 4 GiB", header, vaddr, memsz);
        }
        if (vaddr < ElfProgram.USER_BASE) {
            throw fail("program header %d: segment 0x%08x-0x%08x starts below 0x%08x (page zero stays unmapped)",
                    header, vaddr, end, ElfProgram.USER_BASE);
        }
        if (end > userLimit) {
            throw fail("program header %d: segment 0x%08x-0x%08x ends past 0x%08x, the bottom of the stack area",
                    header, vaddr, end, userLimit);
        }
        if (align > 1 && (align & (align - 1)) != 0) {
            throw fail("program header %d: p_align 0x%x is neither 0, 1 nor a power of two", header, align);
        }
        if (align >= PAGE_SIZE && vaddr % PAGE_SIZE != offset % PAGE_SIZE) {
            throw fail("program header %d: p_vaddr 0x%08x and p_offset 0x%x differ modulo the page size"
                    + " (0x%03x and 0x%03x)", header, vaddr, offset, vaddr % PAGE_SIZE, offset % PAGE_SIZE);
        }
        return new ElfSegment(vaddr, memsz, offset, filesz,
                (flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0);
    }

    /**
     * Byte ranges must be disjoint (pages may be shared). With the segments sorted by start, any
     * overlap shows up between neighbours; the message names the later program header first.
     */
    private void checkNoOverlap(List<Numbered> loads) {
        for (int i = 1; i < loads.size(); i++) {
            Numbered lower = loads.get(i - 1), upper = loads.get(i);
            if (upper.segment().virtualAddress() < lower.segment().end()) {
                Numbered first = lower.header() < upper.header() ? lower : upper;
                Numbered second = first == lower ? upper : lower;
                throw fail("program header %d: segment %s overlaps program header %d (%s)",
                        second.header(), range(second.segment()), first.header(), range(first.segment()));
            }
        }
    }

    private void checkEntry(long entry, List<Numbered> loads) {
        for (Numbered n : loads) {
            if (n.segment().contains(entry)) {
                if (!n.segment().executable()) {
                    throw fail("entry point 0x%08x is in program header %d (%s %s), which is not executable",
                            entry, n.header(), range(n.segment()), n.segment().permissions());
                }
                return;
            }
        }
        throw fail("entry point 0x%08x is not inside any PT_LOAD segment", entry);
    }

    private ElfFormatException fail(String format, Object... args) {
        return new ElfFormatException(name, String.format(format, args));
    }

    private int u16(int at) {
        return Short.toUnsignedInt(bytes.getShort(at));
    }

    private long u32(int at) {
        return Integer.toUnsignedLong(bytes.getInt(at));
    }

    private static String range(ElfSegment s) {
        return String.format("0x%08x-0x%08x", s.virtualAddress(), s.end());
    }

    /** " (name)" for a known value, "" for an unknown one. */
    private static String described(String name) {
        return name.isEmpty() ? "" : " (" + name + ")";
    }

    /** "23 21 2F 62": the first {@code n} bytes in hex. */
    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return s.toString();
    }
}
