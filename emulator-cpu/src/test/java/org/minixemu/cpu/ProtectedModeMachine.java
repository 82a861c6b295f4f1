package org.minixemu.cpu;

/**
 * A small protected-mode machine for tests: 4 MiB of RAM with a GDT (flat ring-0 and ring-3 code
 * and data, a 32-bit TSS, spare slots), an IDT whose every vector leads to a handler stub that
 * stores the vector and halts, and helpers to build page tables and load code assembled with GNU
 * as. Expected values in the tests that use it come from the Intel manual.
 */
final class ProtectedModeMachine {
    static final int GDT = 0x1000;
    static final int IDT = 0x2000;
    static final int TSS = 0x3000;
    static final int STUBS = 0x4000;
    /** The handler stubs write the vector here before halting. */
    static final int VECTOR_SLOT = 0x5000;
    static final int KERNEL_STACK_TOP = 0x9000;
    static final int KERNEL_CODE = 0x10000;
    static final int USER_CODE = 0x20000;
    static final int USER_STACK_TOP = 0x30000;
    static final int PAGE_DIRECTORY = 0x100000;
    static final int PAGE_TABLE = 0x101000;

    static final int KERNEL_CS = 0x08, KERNEL_DS = 0x10, USER_CS = 0x1B, USER_DS = 0x23, TSS_SEL = 0x28;
    /** Free GDT slots for tests (selectors 0x30 to 0x78). */
    static final int SPARE = 0x30;

    final FlatMemory memory = new FlatMemory(4 << 20);
    final Cpu cpu = new Cpu(memory);

    ProtectedModeMachine() {
        descriptor(KERNEL_CS, 0, 0xFFFFF, 0x9A, 0xC);
        descriptor(KERNEL_DS, 0, 0xFFFFF, 0x92, 0xC);
        descriptor(USER_CS, 0, 0xFFFFF, 0xFA, 0xC);
        descriptor(USER_DS, 0, 0xFFFFF, 0xF2, 0xC);
        descriptor(TSS_SEL, TSS, 0x67 + 8192 + 1, 0x89, 0x0);
        memory.write32(TSS + 4, KERNEL_STACK_TOP);
        memory.write32(TSS + 8, KERNEL_DS);
        memory.write16(TSS + 102, 104); // I/O bitmap right after the TSS, all ports allowed
        for (int v = 0; v < 256; v++) {
            int stub = STUBS + v * 16;
            // mov dword ss:[VECTOR_SLOT], v ; hlt ; jmp back to the hlt. Through SS, because a
            // return to ring 3 leaves DS null and the stack switch reloads SS.
            memory.write8(stub, 0x36);
            memory.write8(stub + 1, 0xC7);
            memory.write8(stub + 2, 0x05);
            memory.write32(stub + 3, VECTOR_SLOT);
            memory.write32(stub + 7, v);
            memory.write8(stub + 11, 0xF4);
            memory.write8(stub + 12, 0xEB);
            memory.write8(stub + 13, 0xFD);
            gate(v, KERNEL_CS, stub, 0x8E); // ring-0 32-bit interrupt gate
        }
        memory.write32(VECTOR_SLOT, -1);
        cpu.setGdt(GDT, 0x7F);
        cpu.setIdt(IDT, 256 * 8 - 1);
        cpu.setControlRegister(0, 1);
        flatSegments(KERNEL_CS, KERNEL_DS, Descriptor.FLAT_CODE32, Descriptor.FLAT_DATA32);
        cpu.setRegister(Cpu.ESP, KERNEL_STACK_TOP);
        cpu.setEflags(0x2);
        // Load TR with LTR, as a kernel would, so that the TSS descriptor is marked busy.
        load(KERNEL_CODE - 0x100, "mov $0x28, %ax\nltr %ax\nhlt");
        cpu.setEip(KERNEL_CODE - 0x100);
        if (cpu.run(10).kind() != ExitKind.HALT) {
            throw new IllegalStateException("LTR did not run");
        }
        cpu.setEip(KERNEL_CODE);
    }

    /** Writes a code/data or system descriptor; {@code access} is byte 5, {@code flags} the G/D nibble. */
    void descriptor(int selector, int base, int limit, int access, int flags) {
        int at = GDT + (selector & 0xFFF8);
        memory.write32(at, (limit & 0xFFFF) | (base << 16));
        memory.write32(at + 4, ((base >>> 16) & 0xFF) | (access << 8) | (limit & 0xF0000)
                | (flags << 20) | (base & 0xFF000000));
    }

    /** Writes an IDT gate; {@code access} is the gate's type byte (e.g. 0x8E, 0xEE, 0x8F). */
    void gate(int vector, int selector, int offset, int access) {
        int at = IDT + vector * 8;
        memory.write32(at, (offset & 0xFFFF) | (selector << 16));
        memory.write32(at + 4, (offset & 0xFFFF0000) | (access << 8));
    }

    /** Writes a call gate in the GDT. */
    void callGate(int selector, int target, int offset, int dpl, int params) {
        int at = GDT + (selector & 0xFFF8);
        memory.write32(at, (offset & 0xFFFF) | (target << 16));
        memory.write32(at + 4, (offset & 0xFFFF0000) | ((0x8C | (dpl << 5)) << 8) | params);
    }

    private void flatSegments(int cs, int ds, int codeAttr, int dataAttr) {
        cpu.setSegment(Cpu.CS, cs, 0, 0xFFFFFFFF, codeAttr);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(s, ds, 0, 0xFFFFFFFF, dataAttr);
        }
    }

    /** Starts execution directly at CPL 3 (as the hosted kernel does), stack at USER_STACK_TOP. */
    ProtectedModeMachine atUserLevel(int eip) {
        int dpl3 = 3 << Descriptor.DPL_SHIFT;
        flatSegments(USER_CS, USER_DS, Descriptor.FLAT_CODE32 | dpl3, Descriptor.FLAT_DATA32 | dpl3);
        cpu.setRegister(Cpu.ESP, USER_STACK_TOP);
        cpu.setEip(eip);
        return this;
    }

    /** Assembles 32-bit AT&T source and copies it to {@code address}. */
    int load(int address, String source) {
        byte[] code = Assembler.assemble(".code32\n" + source);
        for (int i = 0; i < code.length; i++) {
            memory.write8(address + i, code[i]);
        }
        return code.length;
    }

    /** Identity-maps the first 4 MiB with 4 KiB pages ({@code flags} per PTE) and turns paging on. */
    void enablePaging(int pteFlags) {
        memory.write32(PAGE_DIRECTORY, PAGE_TABLE | 0x7);
        for (int i = 0; i < 1024; i++) {
            memory.write32(PAGE_TABLE + i * 4, (i << 12) | pteFlags);
        }
        cpu.setControlRegister(3, PAGE_DIRECTORY);
        cpu.setControlRegister(0, cpu.cr0() | 0x80000000);
    }

    void setPte(int linear, int value) {
        memory.write32(PAGE_TABLE + ((linear >>> 12) & 0x3FF) * 4, value);
    }

    int pte(int linear) {
        return memory.read32(PAGE_TABLE + ((linear >>> 12) & 0x3FF) * 4);
    }

    /** Runs until the CPU halts or shuts down, at most {@code cap} instructions. */
    Exit run(long cap) {
        return cpu.run(cap);
    }

    /** The vector the handler stub recorded, or -1 when none ran. */
    int handledVector() {
        return memory.read32(VECTOR_SLOT);
    }

    /** A dword of the current stack, {@code index} dwords above ESP. */
    int stack(int index) {
        return memory.read32(cpu.register(Cpu.ESP) + 4 * index);
    }
}
