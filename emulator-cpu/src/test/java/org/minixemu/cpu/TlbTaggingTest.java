package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.cpu.ProtectedModeMachine.KERNEL_CODE;
import static org.minixemu.cpu.ProtectedModeMachine.PAGE_DIRECTORY;
import static org.minixemu.cpu.ProtectedModeMachine.PAGE_TABLE;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The software TLB kept per address space ({@link Paging}): a CR3 load to another directory keeps
 * each space's translations, yet every change the i386 would make visible stays visible -- a
 * guest's edit of a page table it does not run on, a CR3 reload with the same value, INVLPG --
 * and instruction fetch sees code the guest has just rewritten.
 *
 * <p>Two address spaces share the identity map of the first 4 MiB and map linear 0x400000 to
 * different frames: space A (the machine's directory) to FRAME_A, space B to FRAME_B.
 */
class TlbTaggingTest {
    private static final int DIRECTORY_B = 0x102000;
    private static final int TABLE_A_HIGH = 0x104000;
    private static final int TABLE_B_HIGH = 0x105000;
    private static final int FRAME_A = 0x200000, FRAME_B = 0x201000, FRAME_C = 0x202000;
    private static final int SHARED = 0x400000;

    private final ProtectedModeMachine m = new ProtectedModeMachine();

    @BeforeEach
    void twoAddressSpaces() {
        m.enablePaging(0x3);
        m.memory.write32(PAGE_DIRECTORY + 4, TABLE_A_HIGH | 0x3);
        m.memory.write32(TABLE_A_HIGH, FRAME_A | 0x3);
        m.memory.write32(DIRECTORY_B, PAGE_TABLE | 0x3);
        m.memory.write32(DIRECTORY_B + 4, TABLE_B_HIGH | 0x3);
        m.memory.write32(TABLE_B_HIGH, FRAME_B | 0x3);
        m.memory.write32(FRAME_A, 0x11111111);
        m.memory.write32(FRAME_B, 0x22222222);
        m.memory.write32(FRAME_C, 0x33333333);
        m.cpu.flushTlb(); // the host wrote page tables
    }

    /**
     * Visits both spaces once, so every table frame is known and every later test meets warm
     * TLBs: a frame met for the first time empties all TLBs, which would hide a missing flush.
     */
    private void warmUp() {
        runAt(KERNEL_CODE + 0x800, "mov 0x400000, %eax\n"
                + "mov $0x102000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %ecx\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\nhlt");
    }

    private void runAt(int address, String code) {
        m.load(address, code);
        m.cpu.setEip(address);
        assertEquals(ExitKind.HALT, m.run(1000).kind());
    }

    @Test
    void eachAddressSpaceSeesItsOwnFrame() {
        runAt(KERNEL_CODE, "mov 0x400000, %eax\n"
                + "mov $0x102000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %ecx\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EAX));
        assertEquals(0x22222222, m.cpu.register(Cpu.ECX));
        assertEquals(0x11111111, m.cpu.register(Cpu.EDX));
    }

    @Test
    void switchingBackToAnAddressSpaceKeepsItsTranslations() {
        warmUp();
        warmUp();
        long walks = m.cpu.paging.walks();
        runAt(KERNEL_CODE + 0x900, "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EDX));
        assertEquals(walks, m.cpu.paging.walks(), "code, stack and data pages of A were still cached");
    }

    @Test
    void aGuestEditOfAnotherSpacesPageTableIsSeenAfterSwitchingBack() {
        warmUp();
        // In A: cache 0x400000 -> FRAME_A. In B: point A's table entry at FRAME_C (A's table is
        // reachable through B's identity map). Back in A the new frame must show.
        runAt(KERNEL_CODE, "mov 0x400000, %eax\n"
                + "mov $0x102000, %ebx\nmov %ebx, %cr3\n"
                + "movl $0x202003, 0x104000\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EAX));
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX));
    }

    @Test
    void anEditThroughAWritableMappingOfATableIsSeenToo() {
        // A's table frame is mapped dirty, so B's read of it caches a mapping that may be
        // written without a walk: the write through it must still empty A's TLB.
        m.setPte(TABLE_A_HIGH, TABLE_A_HIGH | 0x63);
        m.cpu.flushTlb();
        warmUp();
        runAt(KERNEL_CODE, "mov 0x400000, %eax\n"
                + "mov $0x102000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x104000, %ecx\n"
                + "movl $0x202003, 0x104000\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EAX));
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX));
    }

    @Test
    void aGuestEditOfItsOwnPageTableIsSeenAfterReloadingCr3() {
        warmUp();
        runAt(KERNEL_CODE, "mov 0x400000, %eax\n"
                + "movl $0x202003, 0x104000\n"
                + "mov %cr3, %ebx\nmov %ebx, %cr3\n"
                + "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EAX));
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX));
    }

    @Test
    void aHostEditIsSeenAfterInvlpgOrAFlush() {
        runAt(KERNEL_CODE, "mov 0x400000, %eax\nhlt");
        m.memory.write32(TABLE_A_HIGH, FRAME_C | 0x3);
        runAt(KERNEL_CODE + 0x100, "invlpg 0x400000\nmov 0x400000, %edx\nhlt");
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX));
        m.memory.write32(TABLE_A_HIGH, FRAME_B | 0x3);
        m.cpu.flushTlb();
        runAt(KERNEL_CODE + 0x200, "mov 0x400000, %edx\nhlt");
        assertEquals(0x22222222, m.cpu.register(Cpu.EDX));
    }

    @Test
    void aHostWriteToAPageTableOfAKeptSpaceIsSeenWhenSwitchingBack() {
        warmUp();
        // A caches 0x400000 -> FRAME_A and is left for B; the host then rewrites A's table entry
        // (a kernel's copy into a page table) and says so, and A must see FRAME_C.
        runAt(KERNEL_CODE, "mov 0x400000, %eax\nmov $0x102000, %ebx\nmov %ebx, %cr3\nhlt");
        m.memory.write32(TABLE_A_HIGH, FRAME_C | 0x3);
        m.cpu.hostWrote(TABLE_A_HIGH, 4);
        m.cpu.switchAddressSpace(PAGE_DIRECTORY);
        runAt(KERNEL_CODE + 0x100, "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EAX));
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX));
    }

    @Test
    void aHostWriteElsewhereKeepsEveryTranslation() {
        warmUp();
        warmUp();
        long flushes = m.cpu.paging.globalFlushes();
        long walks = m.cpu.paging.walks();
        m.memory.write32(FRAME_C, 0x44444444);
        m.cpu.hostWrote(FRAME_C - 2, 4096 + 4); // straddles FRAME_B's page and FRAME_C's
        runAt(KERNEL_CODE + 0x900, "mov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.EDX));
        assertEquals(flushes, m.cpu.paging.globalFlushes(), "data frames are not page tables");
        assertEquals(walks, m.cpu.paging.walks(), "A's translations were still cached");
    }

    @Test
    void aWriteToAPageTableIsNoticed() {
        runAt(KERNEL_CODE, "mov $0x102000, %ebx\nmov %ebx, %cr3\nmov 0x400000, %ecx\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\nhlt");
        long writes = m.cpu.paging.tableWrites();
        runAt(KERNEL_CODE + 0x100, "movl $0x202003, 0x105000\nmovl $0x202003, 0x105000\nhlt");
        assertEquals(writes + 2, m.cpu.paging.tableWrites(), "B's table is written twice while A runs");
    }

    @Test
    void aStaleEntryOfTheCurrentSpaceMayStayUntilCr3IsLoaded() {
        warmUp();
        // As ProtectedModeTest's INVLPG test: the i386 may use the old entry until the flush.
        runAt(KERNEL_CODE, "mov 0x400000, %eax\nmovl $0x202003, 0x104000\nmov 0x400000, %ecx\n"
                + "mov $0x102000, %ebx\nmov %ebx, %cr3\n"
                + "mov $0x100000, %ebx\nmov %ebx, %cr3\nmov 0x400000, %edx\nhlt");
        assertEquals(0x11111111, m.cpu.register(Cpu.ECX));
        assertEquals(0x33333333, m.cpu.register(Cpu.EDX), "leaving A emptied its TLB");
    }

    @Test
    void selfModifyingCodeInTheSamePageRunsTheNewBytes() {
        // The MOVB rewrites the immediate of the MOV that follows it (the byte after its B8).
        runAt(KERNEL_CODE, "start: movb $0x42, " + KERNEL_CODE + " + (1f - start) + 1\n"
                + "1: mov $0x00000007, %eax\nhlt");
        assertEquals(0x42, m.cpu.register(Cpu.EAX));
    }

    @Test
    void selfModifyingCodeThroughAnotherMappingOfTheCodePage() {
        // Linear 0x400000 (space A) is remapped to the code's own frame; the write lands there.
        int codeFrame = KERNEL_CODE & ~0xFFF;
        m.memory.write32(TABLE_A_HIGH, codeFrame | 0x3);
        m.cpu.flushTlb();
        int offset = KERNEL_CODE & 0xFFF;
        runAt(KERNEL_CODE, "start: movb $0x42, 0x400000 + " + offset + " + (1f - start) + 1\n"
                + "1: mov $0x00000007, %eax\nhlt");
        assertEquals(0x42, m.cpu.register(Cpu.EAX));
    }
}
