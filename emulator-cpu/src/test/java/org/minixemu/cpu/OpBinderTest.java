package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which op class the block interpreter binds each instruction to. What the ops compute is
 * checked by every CPU suite in the decoded mode (the surefire execution "decoded-blocks"):
 * here, that the common forms get classes of their own (else --no-jit silently falls back to
 * the slow handlers), that the rest keeps its handler, and how the ops are linked.
 */
class OpBinderTest {
    private static final int PAGE_EIP = 0x1000;

    /** Decodes {@code code} (32-bit) from the start of a page. */
    private static DecodedInstruction[] decode(int... code) {
        byte[] ram = new byte[0x2000];
        for (int i = 0; i < code.length; i++) {
            ram[0x1000 + i] = (byte) code[i];
        }
        InstructionDecoder decoder = new InstructionDecoder(ram, 0x1000, PAGE_EIP);
        List<DecodedInstruction> out = new ArrayList<>();
        int at = PAGE_EIP;
        while (at < PAGE_EIP + code.length) {
            DecodedInstruction d = new DecodedInstruction();
            assertTrue(decoder.decode(at, true, d), "decodes at " + Integer.toHexString(at));
            out.add(d);
            at += d.length;
        }
        return out.toArray(new DecodedInstruction[0]);
    }

    private static Class<?> boundClass(int... code) {
        return OpBinder.bind(decode(code))[0].getClass();
    }

    @Test
    void commonFormsGetOpsOfTheirOwn() {
        assertEquals(BoundMoves.MovRegReg.class, boundClass(0x89, 0xD8)); // mov eax, ebx
        assertEquals(BoundMoves.Load.class, boundClass(0x8B, 0x43, 0x04)); // mov eax, [ebx+4]
        assertEquals(BoundMoves.Store.class, boundClass(0x89, 0x04, 0x8D, 0x00, 0x30, 0x10, 0x00)); // mov [ecx*4+0x103000], eax
        assertEquals(BoundAlu.RegMem.class, boundClass(0x03, 0x43, 0x04)); // add eax, [ebx+4]
        assertEquals(BoundAlu.RegSource.class, boundClass(0x3D, 0x00, 0x00, 0x01, 0x00)); // cmp eax, 0x10000
        assertEquals(BoundControl.Jcc.class, boundClass(0x75, 0xFE)); // jne $
        assertEquals(BoundControl.Call.class, boundClass(0xE8, 0, 0, 0, 0)); // call next
        assertEquals(BoundControl.Ret.class, boundClass(0xF3, 0xC3)); // rep ret: the prefix means nothing
        assertEquals(BoundMoves.Push.class, boundClass(0x55)); // push ebp
        assertEquals(BoundMoves.ZeroExtendWord.class, boundClass(0x0F, 0xB7, 0xC0)); // movzx eax, ax
        assertEquals(BoundAlu.Shift.class, boundClass(0xC1, 0xC0, 0x03)); // rol eax, 3
    }

    @Test
    void otherFormsAndOtherSizesRunTheirHandlers() {
        assertEquals(HandlerOp.class, boundClass(0x66, 0x01, 0xD8)); // add ax, bx
        assertEquals(HandlerOp.class, boundClass(0x11, 0xD8)); // adc eax, ebx: reads CF
        assertEquals(HandlerOp.class, boundClass(0xF0, 0x01, 0x03)); // lock add [ebx], eax
        assertEquals(HandlerOp.class, boundClass(0x0F, 0xAF, 0xC3)); // imul eax, ebx
        assertEquals(HandlerOp.class, boundClass(0xC1, 0x00, 0x03)); // rol dword [eax], 3
    }

    @Test
    void flagsThatALaterInstructionOverwritesAreNotComputed() {
        // add eax, ebx; shl eax, 2; cmp eax, ecx; mov edx, eax: the ADD's and SHL's flags are
        // dead (the CMP sets all six first); the CMP's may be read after the block.
        BoundOp[] ops = OpBinder.bind(decode(0x01, 0xD8, 0xC1, 0xE0, 0x02, 0x39, 0xC8, 0x89, 0xC2));
        assertEquals(BoundAlu.ResultOnly.class, ops[0].getClass());
        assertEquals(BoundAlu.ShiftOrAddOnly.class, ops[1].getClass());
        assertEquals(BoundAlu.RegSource.class, ops[2].getClass());
        // add eax, ebx; mov [ebx], eax; cmp eax, ecx: a fault in the store would show the ADD's flags.
        ops = OpBinder.bind(decode(0x01, 0xD8, 0x89, 0x03, 0x39, 0xC8));
        assertEquals(BoundAlu.RegSource.class, ops[0].getClass());
        // test eax, eax; cmp eax, ecx: a TEST whose flags are dead does nothing.
        ops = OpBinder.bind(decode(0x85, 0xC0, 0x39, 0xC8));
        assertEquals(BoundMoves.Nop.class, ops[0].getClass());
    }

    @Test
    void aCompareOrTestOfRegistersAndTheJumpAfterItAreOneOp() {
        // mov ecx, 1; cmp eax, 0x10000; jne $; test cl, 3; je $; cmp eax, [ebx]; jne $
        BoundOp[] ops = OpBinder.bind(decode(0xB9, 0x01, 0x00, 0x00, 0x00, 0x3D, 0x00, 0x00, 0x01, 0x00, 0x75, 0xFE,
                0xF6, 0xC1, 0x03, 0x74, 0xFE, 0x3B, 0x03, 0x75, 0xFE));
        assertEquals(5, ops.length);
        assertEquals(FusedJump.Compare.class, ops[1].getClass());
        assertEquals(FusedJump.TestByte.class, ops[2].getClass());
        assertEquals(BoundAlu.RegMem.class, ops[3].getClass()); // a memory operand may fault: not fused
        assertEquals(BoundControl.Jcc.class, ops[4].getClass());
        // Each op counts the instructions up to its own last: the pairs count two.
        assertEquals(java.util.List.of(1, 3, 5, 6, 7),
                java.util.Arrays.stream(ops).map(op -> op.ordinal).toList());
        assertEquals(PAGE_EIP + 5, ops[1].address);
        assertEquals(PAGE_EIP + 12, ops[1].next);
    }

    @Test
    void aCountedCompareAndJumpAreOneOp() {
        // inc eax; cmp eax, 0x10000; jne $; sub ecx, 2; cmp ebx, ecx; jl $; add edx, ebx; cmp edx, 1; jne $
        BoundOp[] ops = OpBinder.bind(decode(0x40, 0x3D, 0x00, 0x00, 0x01, 0x00, 0x75, 0xFE, 0x83, 0xE9, 0x02, 0x39,
                0xCB, 0x7C, 0xFE, 0x01, 0xDA, 0x83, 0xFA, 0x01, 0x75, 0xFE));
        assertEquals(FusedJump.CountCompare.class, ops[0].getClass());
        assertEquals(FusedJump.CountCompare.class, ops[1].getClass());
        assertEquals(BoundAlu.ResultOnly.class, ops[2].getClass()); // ADD of a register is no count
        assertEquals(FusedJump.Compare.class, ops[3].getClass());
        assertEquals(java.util.List.of(3, 6, 7, 9), java.util.Arrays.stream(ops).map(op -> op.ordinal).toList());
    }

    @Test
    void aRegisterCopyAndAnOperationOnTheCopyAreOneOp() {
        // mov ecx, edx; shr ecx, 17; mov ebx, edx; xor ebx, ecx; mov eax, ebx; add edx, ebx; cmp eax, 1
        BoundOp[] ops = OpBinder.bind(decode(0x89, 0xD1, 0xC1, 0xE9, 0x11, 0x89, 0xD3, 0x31, 0xCB, 0x89, 0xD8,
                0x01, 0xDA, 0x83, 0xF8, 0x01));
        assertEquals(CopyThen.Shift.class, ops[0].getClass());
        assertEquals(CopyThen.Alu.class, ops[1].getClass());
        assertEquals(BoundMoves.MovRegReg.class, ops[2].getClass()); // the ADD writes another register
        assertEquals(java.util.List.of(2, 4, 5, 6, 7), java.util.Arrays.stream(ops).map(op -> op.ordinal).toList());
    }

    @Test
    void twoLeasInARowAreOneOp() {
        // lea edx, [ecx+ecx*4]; lea edx, [edx+edx*8]; lea eax, [edx+3]
        BoundOp[] ops = OpBinder.bind(decode(0x8D, 0x14, 0x89, 0x8D, 0x14, 0xD2, 0x8D, 0x42, 0x03));
        assertEquals(BoundMoves.LeaPair.class, ops[0].getClass());
        assertEquals(BoundMoves.Lea.class, ops[1].getClass());
        assertEquals(java.util.List.of(2, 3), java.util.Arrays.stream(ops).map(op -> op.ordinal).toList());
    }

    @Test
    void opsAreLinkedInOrderAndKnowTheirPlace() {
        BoundOp[] ops = OpBinder.bind(decode(0x40, 0x41, 0x42)); // inc eax; inc ecx; inc edx
        assertSame(ops[1], ops[0].following);
        assertSame(ops[2], ops[1].following);
        assertNull(ops[2].following);
        for (int i = 0; i < ops.length; i++) {
            assertEquals(i + 1, ops[i].ordinal);
            assertEquals(PAGE_EIP + i, ops[i].address);
            assertEquals(PAGE_EIP + i + 1, ops[i].next);
        }
    }
}
