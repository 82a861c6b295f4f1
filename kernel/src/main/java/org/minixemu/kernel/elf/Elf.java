package org.minixemu.kernel.elf;

/**
 * The ELF32 numbers the parser needs (System V gABI and its i386 supplement): field offsets in
 * the file header and in a program header, and the values we check them against, with the words
 * that messages use for them.
 */
final class Elf {
    static final int HEADER_SIZE = 52;
    static final int PROGRAM_HEADER_SIZE = 32;
    static final int MAX_PROGRAM_HEADERS = 32;

    // e_ident
    static final int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6;
    static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    static final int EV_CURRENT = 1;

    // The rest of the file header.
    static final int E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_ENTRY = 24, E_PHOFF = 28;
    static final int E_EHSIZE = 40, E_PHENTSIZE = 42, E_PHNUM = 44;
    static final int ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    static final int EM_386 = 3;

    // A program header.
    static final int P_TYPE = 0, P_OFFSET = 4, P_VADDR = 8, P_FILESZ = 16, P_MEMSZ = 20, P_FLAGS = 24,
            P_ALIGN = 28;
    static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6,
            PT_TLS = 7;
    static final int PT_GNU_EH_FRAME = 0x6474E550, PT_GNU_STACK = 0x6474E551, PT_GNU_RELRO = 0x6474E552,
            PT_GNU_PROPERTY = 0x6474E553;
    static final int PF_X = 1, PF_W = 2, PF_R = 4;

    private Elf() {
    }

    /** How messages describe an e_type value: "" when there is nothing to add to the number. */
    static String typeName(int type) {
        return switch (type) {
            case ET_NONE -> "no file type";
            case ET_REL -> "relocatable object";
            case ET_EXEC -> "executable";
            case ET_DYN -> "shared object / position-independent executable";
            case ET_CORE -> "core dump";
            default -> "";
        };
    }

    /** How messages describe an e_machine value: the common ones, "" for the rest. */
    static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "none";
            case 2 -> "SPARC";
            case EM_386 -> "i386";
            case 6 -> "i486";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "S/390";
            case 40 -> "ARM";
            case 43 -> "SPARC V9";
            case 50 -> "IA-64";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> "";
        };
    }

    /** "R-X"-style text for p_flags (other bits ignored). */
    static String permissions(boolean readable, boolean writable, boolean executable) {
        return (readable ? "R" : "-") + (writable ? "W" : "-") + (executable ? "X" : "-");
    }
}
