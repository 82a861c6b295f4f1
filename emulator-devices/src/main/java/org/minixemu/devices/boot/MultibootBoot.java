package org.minixemu.devices.boot;

import java.util.List;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;

/**
 * A kernel loaded by {@link MultibootLoader}: where everything went, and the processor state the
 * multiboot specification promises at entry, which {@link #enter} sets.
 *
 * @param entry the physical entry point
 * @param infoAddress the physical address of the multiboot information structure (EBX)
 * @param gdtBase where the loader's GDT is (GDTR base)
 * @param stackTop ESP at entry: the top of a 4 KiB stack in low memory (the specification leaves
 *     ESP undefined; QEMU and GRUB leave a usable one, and so does this loader)
 * @param kernelStart lowest physical address the kernel image occupies
 * @param kernelEnd one past the highest
 * @param modules the modules, in command-line order
 */
public record MultibootBoot(int entry, int infoAddress, int gdtBase, int stackTop, long kernelStart,
        long kernelEnd, List<LoadedModule> modules) {

    /** EAX at entry: tells the kernel a multiboot loader started it. */
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;
    /** The loader's GDT selectors: flat 32-bit ring-0 code and data, as QEMU's loader has them. */
    public static final int CODE_SELECTOR = 0x08, DATA_SELECTOR = 0x10;
    /** GDTR limit: three descriptors (null, code, data). */
    public static final int GDT_LIMIT = BootInfoWriter.GDT_SIZE - 1;

    /**
     * A module in memory: [start, end) physical, and its string as the module list gives it.
     */
    public record LoadedModule(int start, int end, String string) {
    }

    /**
     * Resets {@code cpu} and puts it in the multiboot entry state: EAX = 0x2BADB002, EBX = the
     * information structure, CS = 0x08 (flat 32-bit execute/read), DS/ES/FS/GS/SS = 0x10 (flat
     * 32-bit read/write), CR0 = PE (paging off), EFLAGS = 0x2 (IF = 0, VM = 0), A20 open, GDTR =
     * the loader's three-entry GDT, IDTR = base 0 limit 0 (any interrupt or exception before the
     * kernel loads its own IDT shuts the machine down), ESP = {@link #stackTop}, every other
     * general register 0, EIP = the entry point.
     */
    public void enter(Cpu cpu) {
        cpu.reset();
        cpu.setA20(true);
        cpu.setControlRegister(0, 1); // PE; the CPU keeps ET set
        cpu.setControlRegister(3, 0);
        cpu.setControlRegister(4, 0);
        cpu.setGdt(gdtBase, GDT_LIMIT);
        cpu.setIdt(0, 0);
        cpu.setSegment(Cpu.CS, CODE_SELECTOR, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
        for (int seg : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(seg, DATA_SELECTOR, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
        }
        for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
            cpu.setRegister(r, 0);
        }
        cpu.setRegister(Cpu.EAX, BOOTLOADER_MAGIC);
        cpu.setRegister(Cpu.EBX, infoAddress);
        cpu.setRegister(Cpu.ESP, stackTop);
        cpu.setEflags(0x2);
        cpu.setEip(entry);
    }
}
