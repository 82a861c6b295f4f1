package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.cpu.ProtectedModeMachine.KERNEL_CODE;
import static org.minixemu.cpu.ProtectedModeMachine.KERNEL_STACK_TOP;
import static org.minixemu.cpu.ProtectedModeMachine.USER_CODE;
import static org.minixemu.cpu.ProtectedModeMachine.USER_STACK_TOP;

import org.junit.jupiter.api.Test;

/**
 * Protected-mode behaviour in bare-metal mode, checked against the Intel manual: privilege
 * changes through IRET, interrupt gates and call gates with the TSS stack switch, page faults,
 * double and triple faults, task switches and virtual-8086 mode.
 */
class ProtectedModeTest {
    private final ProtectedModeMachine m = new ProtectedModeMachine();

    /** Kernel code that IRETs to USER_CODE at CPL 3 with the given EFLAGS. */
    private void iretToUser(int eflags) {
        m.load(KERNEL_CODE, "push $0x23\npush $" + (USER_STACK_TOP - 0x10) + "\npush $" + eflags
                + "\npush $0x1B\npush $" + USER_CODE + "\niret");
    }

    @Test
    void iretToRing3PopsSsEspAndAPrivilegedInstructionThereGivesGp0OnTheTssStack() {
        iretToUser(0x2);
        // mov %esp,%eax (2 bytes); mov %ss,%ebx (2 bytes); hlt
        m.load(USER_CODE, "mov %esp, %eax\nmov %ss, %ebx\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(13, m.handledVector());
        assertEquals(USER_STACK_TOP - 0x10, m.cpu.register(Cpu.EAX), "user code ran on the ESP IRET popped");
        assertEquals(0x23, m.cpu.register(Cpu.EBX) & 0xFFFF, "and with the SS IRET popped");
        // The #GP frame is on the ring-0 stack from TSS.ESP0: error code, EIP, CS, EFLAGS, ESP, SS.
        assertEquals(KERNEL_STACK_TOP - 24, m.cpu.register(Cpu.ESP));
        assertEquals(0, m.stack(0), "#GP(0)");
        assertEquals(USER_CODE + 4, m.stack(1), "EIP of the HLT");
        assertEquals(0x1B, m.stack(2));
        assertEquals(USER_STACK_TOP - 0x10, m.stack(4));
        assertEquals(0x23, m.stack(5));
        assertEquals(0, m.cpu.currentPrivilegeLevel());
    }

    // Flat segments (base 0, reads and writes to 4 GiB) take a shorter path in Cpu's accessors;
    // these check that it keeps the limit at 4 GiB and is not taken for any other segment.

    @Test
    void aDwordAtTheTopOfAFlatSegmentPastFourGigabytesIsAGeneralProtectionFault() {
        // The last linear page is RAM, so nothing but the segment limit stops the read.
        int secondTable = 0x102000;
        m.memory.write32(ProtectedModeMachine.PAGE_DIRECTORY + 1023 * 4, secondTable | 0x7);
        m.memory.write32(secondTable + 1023 * 4, 0x60000 | 0x7);
        m.enablePaging(0x7);
        // The first read puts the page in the TLB, so the second finds it there.
        m.load(KERNEL_CODE, "mov 0xfffff000, %ecx\nmov $7, %ebx\nmov 0xfffffffe, %eax\nmov $9, %ebx\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(13, m.handledVector(), "the dword at 0xFFFFFFFE passes DS's limit");
        assertEquals(0, m.stack(0), "#GP(0)");
        assertEquals(7, m.cpu.register(Cpu.EBX), "the MOV after the fault did not run");
    }

    @Test
    void aDataSegmentWithABaseIsReadAtBasePlusOffset() {
        m.memory.write32(0x1010, 0x55667788);
        m.memory.write32(0x51010, 0x11223344);
        m.cpu.setSegment(Cpu.DS, ProtectedModeMachine.KERNEL_DS, 0x50000, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
        m.load(KERNEL_CODE, "mov 0x1010, %eax\nmovw $0x4321, 0x1020\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x11223344, m.cpu.register(Cpu.EAX), "DS's base is added");
        assertEquals(0x4321, m.memory.read16(0x51020), "for writes too");
    }

    @Test
    void aWriteThroughAReadOnlyDataSegmentIsAGeneralProtectionFault() {
        m.cpu.setSegment(Cpu.DS, ProtectedModeMachine.KERNEL_DS, 0, 0xFFFFFFFF,
                Descriptor.FLAT_DATA32 & ~Descriptor.TYPE_WRITABLE_OR_READABLE);
        m.memory.write32(0x60000, 0x12345678);
        m.load(KERNEL_CODE, "mov 0x60000, %ebx\nmovl $1, 0x60000\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x12345678, m.cpu.register(Cpu.EBX), "a read-only segment reads");
        assertEquals(13, m.handledVector(), "and does not write");
        assertEquals(0x12345678, m.memory.read32(0x60000));
    }

    @Test
    void intFromRing3ThroughADpl3InterruptGateSwitchesToTheTssStackAndClearsIf() {
        m.gate(0x80, ProtectedModeMachine.KERNEL_CS, ProtectedModeMachine.STUBS + 0x80 * 16, 0xEE);
        iretToUser(0x202);
        m.load(USER_CODE, "int $0x80");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x80, m.handledVector());
        assertEquals(KERNEL_STACK_TOP - 20, m.cpu.register(Cpu.ESP), "no error code: EIP, CS, EFLAGS, ESP, SS");
        assertEquals(USER_CODE + 2, m.stack(0), "INT is a trap: EIP after it");
        assertEquals(0x202, m.stack(2) & 0x202, "pushed EFLAGS has IF");
        assertEquals(0, m.cpu.eflags() & Flags.IF, "an interrupt gate clears IF");
    }

    @Test
    void intFromRing3ThroughADpl0GateIsAGeneralProtectionFaultNamingTheGate() {
        iretToUser(0x2);
        m.load(USER_CODE, "int $0x80");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(13, m.handledVector());
        assertEquals(0x80 * 8 + 2, m.stack(0), "error code: IDT index, IDT bit set");
    }

    @Test
    void callGateFromRing3CopiesParametersAndRetfReturnsToTheOuterStack() {
        m.callGate(0x30, ProtectedModeMachine.KERNEL_CS, KERNEL_CODE + 0x100, 3, 2);
        iretToUser(0x2);
        m.load(USER_CODE, "push $0x1111\npush $0x2222\nlcall $0x33, $0\nmov %esp, %esi\nhlt");
        m.load(KERNEL_CODE + 0x100, "mov 8(%esp), %ebx\nmov 12(%esp), %ecx\nmov %cs, %edx\nmov 16(%esp), %edi\nlret $8");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x2222, m.cpu.register(Cpu.EBX), "the parameter pushed last is nearest the return address");
        assertEquals(0x1111, m.cpu.register(Cpu.ECX));
        assertEquals(0x08, m.cpu.register(Cpu.EDX) & 0xFFFF, "the gate's code segment ran at CPL 0");
        assertEquals(USER_STACK_TOP - 0x18, m.cpu.register(Cpu.EDI), "the caller's ESP was saved on the inner stack");
        assertEquals(USER_STACK_TOP - 0x10, m.cpu.register(Cpu.ESI), "RETF 8 released the parameters on the outer stack");
        assertEquals(13, m.handledVector(), "back at CPL 3, HLT faults");
    }

    @Test
    void supervisorWriteToReadOnlyPageSucceedsWithoutWpAndFaultsWithError3WithWp() {
        m.enablePaging(0x7);
        m.setPte(0x40000, 0x40000 | 0x5); // present, user, read-only
        m.load(KERNEL_CODE, "movl $0x55, 0x40000\nmov %cr0, %eax\nor $0x10000, %eax\nmov %eax, %cr0\nmovl $0x66, 0x40000\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x55, m.memory.read32(0x40000), "CR0.WP=0: the supervisor may write");
        assertEquals(14, m.handledVector());
        assertEquals(3, m.stack(0), "present, write, supervisor");
        assertEquals(0x40000, m.cpu.controlRegister(2));
    }

    @Test
    void pagingTranslatesThroughThePageTableAndSetsAccessedAndDirtyBits() {
        m.enablePaging(0x3);
        m.setPte(0x40000, 0x80000 | 0x3);
        m.memory.write32(0x80004, 0xCAFE);
        m.load(KERNEL_CODE, "mov 0x40004, %eax\nmovl $0xBEEF, 0x40008\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(-1, m.handledVector());
        assertEquals(0xCAFE, m.cpu.register(Cpu.EAX));
        assertEquals(0xBEEF, m.memory.read32(0x80008));
        assertEquals(0x60, m.pte(0x40000) & 0x60, "accessed and dirty");
        assertEquals(0x20, m.pte(0x10000) & 0x60, "the code page was read, not written");
    }

    @Test
    void invlpgMakesAChangedPageTableEntryVisible() {
        m.enablePaging(0x3);
        m.memory.write32(0x40000, 1);
        m.memory.write32(0x80000, 2);
        m.load(KERNEL_CODE, "mov 0x40000, %eax\nmovl $0x80003, 0x101100\nmov 0x40000, %ebx\ninvlpg 0x40000\nmov 0x40000, %ecx\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(1, m.cpu.register(Cpu.EAX));
        assertEquals(1, m.cpu.register(Cpu.EBX), "the TLB still holds the old translation");
        assertEquals(2, m.cpu.register(Cpu.ECX), "INVLPG dropped it");
    }

    @Test
    void fourMegabytePagesTranslateWithCr4Pse() {
        m.enablePaging(0x3);
        m.memory.write32(ProtectedModeMachine.PAGE_DIRECTORY + 4 * 1, 0x00000083); // 4 MiB at 4 MiB -> 0
        m.memory.write32(0x1234, 0x77);
        m.load(KERNEL_CODE, "mov %cr4, %eax\nor $0x10, %eax\nmov %eax, %cr4\nmov 0x401234, %ebx\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x77, m.cpu.register(Cpu.EBX));
    }

    @Test
    void aContributoryFaultWhileDeliveringAGeneralProtectionFaultIsADoubleFault() {
        int notPresent = ProtectedModeMachine.SPARE;
        m.descriptor(notPresent, 0, 0xFFFFF, 0x1A, 0xC); // code, P=0
        m.gate(13, notPresent, 0, 0x8E);
        m.load(KERNEL_CODE, "mov $0x1000, %ax\nmov %ax, %ds\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(8, m.handledVector());
        assertEquals(0, m.stack(0), "#DF pushes error code 0");
        assertEquals(KERNEL_CODE + 4, m.stack(1), "at the instruction that faulted first");
    }

    @Test
    void aFaultWhileDeliveringTheDoubleFaultShutsDown() {
        int notPresent = ProtectedModeMachine.SPARE;
        m.descriptor(notPresent, 0, 0xFFFFF, 0x1A, 0xC);
        m.gate(13, notPresent, 0, 0x8E);
        m.gate(8, notPresent, 0, 0x8E);
        m.load(KERNEL_CODE, "mov $0x1000, %ax\nmov %ax, %ds\nhlt");
        assertEquals(ExitKind.SHUTDOWN, m.run(100).kind());
        assertEquals(-1, m.handledVector());
    }

    @Test
    void benignThenContributoryIsHandledSeriallyNotAsDoubleFault() {
        int notPresent = ProtectedModeMachine.SPARE;
        m.descriptor(notPresent, 0, 0xFFFFF, 0x1A, 0xC);
        m.gate(6, notPresent, 0, 0x8E); // #UD's handler is absent: #NP follows, delivered normally
        m.load(KERNEL_CODE, "ud2");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(11, m.handledVector());
        assertEquals(notPresent | 1, m.stack(0), "#NP names the selector, EXT set");
    }

    @Test
    void jmpToATssSwitchesTasksSavingTheOldOneAndMovingTheBusyBit() {
        int tss2 = 0x6000;
        m.descriptor(0x38, tss2, 0x67, 0x89, 0);
        m.memory.write32(tss2 + 32, KERNEL_CODE + 0x200); // EIP
        m.memory.write32(tss2 + 36, 0x2); // EFLAGS
        m.memory.write32(tss2 + 56, 0x8000); // ESP
        for (int s = 0; s < 6; s++) {
            m.memory.write16(tss2 + 72 + 4 * s, s == Cpu.CS ? 0x08 : 0x10);
        }
        m.load(KERNEL_CODE, "mov $0xAAAA, %esi\nljmp $0x38, $0");
        m.load(KERNEL_CODE + 0x200, "mov $0x1234, %eax\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x1234, m.cpu.register(Cpu.EAX));
        assertEquals(0x8000, m.cpu.register(Cpu.ESP));
        assertEquals(0xAAAA, m.memory.read32(ProtectedModeMachine.TSS + 64), "old ESI saved in the old TSS");
        assertEquals(KERNEL_CODE + 12, m.memory.read32(ProtectedModeMachine.TSS + 32), "old EIP: after the JMP");
        assertEquals(0x89, (m.memory.read32(ProtectedModeMachine.GDT + 0x28 + 4) >>> 8) & 0xFF, "old TSS not busy");
        assertEquals(0x8B, (m.memory.read32(ProtectedModeMachine.GDT + 0x38 + 4) >>> 8) & 0xFF, "new TSS busy");
        assertTrue((m.cpu.cr0() & 8) != 0, "CR0.TS set by the task switch");
    }

    @Test
    void callThroughATaskGateNestsAndIretReturnsToTheCaller() {
        int tss2 = 0x6000;
        m.descriptor(0x38, tss2, 0x67, 0x89, 0);
        int gateAt = ProtectedModeMachine.GDT + 0x40;
        m.memory.write32(gateAt, 0x38 << 16);
        m.memory.write32(gateAt + 4, 0x85 << 8); // present task gate, DPL 0
        m.memory.write32(tss2 + 32, KERNEL_CODE + 0x200);
        m.memory.write32(tss2 + 36, 0x2);
        m.memory.write32(tss2 + 56, 0x8000);
        for (int s = 0; s < 6; s++) {
            m.memory.write16(tss2 + 72 + 4 * s, s == Cpu.CS ? 0x08 : 0x10);
        }
        m.load(KERNEL_CODE, "mov $5, %ebx\nlcall $0x40, $0\nmov $9, %ecx\nhlt");
        m.load(KERNEL_CODE + 0x200, "pushf\npop %edx\nmov $7, %ebx\niret");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(5, m.cpu.register(Cpu.EBX), "the caller's registers came back from its TSS");
        assertEquals(9, m.cpu.register(Cpu.ECX));
        assertEquals(0x28, m.memory.read16(tss2), "back link to the caller");
        assertEquals(0x89, (m.memory.read32(ProtectedModeMachine.GDT + 0x38 + 4) >>> 8) & 0xFF, "nested task freed");
        assertEquals(0, m.cpu.eflags() & Flags.NT);
        assertTrue((m.memory.read32(tss2 + 48) & Flags.NT) != 0, "the nested task ran with NT (its EDX, saved by IRET)");
    }

    @Test
    void virtual8086ModeRunsRealModeCodeAndCliWithIoplBelow3TrapsToTheMonitor() {
        // IRETD to V86: GS, FS, DS, ES, SS, ESP, EFLAGS(VM), CS, EIP.
        m.load(KERNEL_CODE, "push $0x100\npush $0x200\npush $0x300\npush $0x400\npush $0x0800\npush $0xFFE\n"
                + "push $0x20002\npush $0x0700\npush $0\niret");
        byte[] code = Assembler.assemble("mov $0x1234, %ax\nmov %ds, %bx\ncli\nhlt");
        for (int i = 0; i < code.length; i++) {
            m.memory.write8(0x7000 + i, code[i]);
        }
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(13, m.handledVector());
        assertEquals(0x1234, m.cpu.register(Cpu.EAX) & 0xFFFF);
        assertEquals(0x300, m.cpu.register(Cpu.EBX) & 0xFFFF, "DS came from the IRET frame");
        // Frame: error, EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS.
        assertEquals(0, m.stack(0));
        assertEquals(5, m.stack(1), "EIP of the CLI");
        assertEquals(0x0700, m.stack(2));
        assertTrue((m.stack(3) & Flags.VM) != 0, "pushed EFLAGS has VM");
        assertEquals(0x0FFE, m.stack(4));
        assertEquals(0x0800, m.stack(5));
        assertEquals(0x400, m.stack(6));
        assertEquals(0x300, m.stack(7));
        assertEquals(0x200, m.stack(8));
        assertEquals(0x100, m.stack(9));
        assertEquals(0, m.cpu.segmentSelector(Cpu.DS), "data segments are null in the monitor");
        assertEquals(0, m.cpu.eflags() & Flags.VM);
    }

    @Test
    void inAtCpl3IsAllowedOrRefusedByTheIoPermissionBitmap() {
        int bitmap = ProtectedModeMachine.TSS + 104;
        m.memory.write8(bitmap + (0x80 >>> 3), 0x01); // port 0x80 denied, 0x81 allowed
        m.memory.write8(bitmap + 8192, 0xFF);
        iretToUser(0x2);
        m.load(USER_CODE, "in $0x81, %al\nin $0x80, %al");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(13, m.handledVector());
        assertEquals(USER_CODE + 2, m.stack(1), "the second IN faulted");
    }

    @Test
    void larLslVerrVerwReportWhatTheCurrentPrivilegeMaySee() {
        // A ring-0 data segment with a byte-granular limit of 0x1234, then a ring-3 read of it.
        m.descriptor(0x30, 0x50000, 0x1234, 0x92, 0x4);
        m.load(KERNEL_CODE, "mov $0x30, %ecx\nlar %ecx, %eax\nsetz %bl\nlsl %ecx, %edx\nsetz %bh\n"
                + "verr %cx\nsetz 0x6000\nverw %cx\nsetz 0x6001\nstr %esi\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x00409200, m.cpu.register(Cpu.EAX), "access rights: high dword & 0x00F0FF00");
        assertEquals(0x1234, m.cpu.register(Cpu.EDX));
        assertEquals(0x0101, m.cpu.register(Cpu.EBX) & 0xFFFF, "ZF set by both");
        assertEquals(0x0101, m.memory.read16(0x6000), "readable and writable at CPL 0");
        assertEquals(0x28, m.cpu.register(Cpu.ESI), "STR");
    }

    @Test
    void larAtCpl3OfARing0SegmentClearsZfAndLeavesTheDestination() {
        m.descriptor(0x30, 0x50000, 0x1234, 0x92, 0x4);
        iretToUser(0x2);
        m.load(USER_CODE, "mov $0x33, %ecx\nmov $7, %eax\nlar %ecx, %eax\nsetz %bl\nlsl %ecx, %edx\nsetz %bh\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(7, m.cpu.register(Cpu.EAX));
        assertEquals(0, m.cpu.register(Cpu.EBX) & 0xFFFF, "DPL 0 < CPL 3: not visible");
    }

    @Test
    void arplRaisesTheRequestedPrivilegeAndSetsZf() {
        m.load(KERNEL_CODE, "mov $0x10, %eax\nmov $0x23, %ecx\narpl %cx, %ax\nsetz %bl\narpl %cx, %ax\nsetz %bh\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(0x13, m.cpu.register(Cpu.EAX) & 0xFFFF);
        assertEquals(0x0001, m.cpu.register(Cpu.EBX) & 0xFFFF, "adjusted once, then already high enough");
    }
}
