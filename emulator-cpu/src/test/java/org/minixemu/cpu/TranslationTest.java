package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.cpu.ProtectedModeMachine.KERNEL_CODE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocks ({@link BlockCache}) against the plain interpreter: each program runs on identical
 * machines -- one decoding every instruction every time, one running blocks compiled to bytecode
 * ({@link BlockTranslator}) and one running blocks decoded only, both made at the first visit --
 * and they must agree on every register, flag, memory byte and retired instruction count: at the
 * end, at every stop of a sliced run, after a fault inside a block, and after code was rewritten
 * by the guest or by the host.
 */
class TranslationTest {
    private static final int DATA = 0x50000;

    /** Integer, memory, stack, call and 16-bit work: most inline forms and many handler calls. */
    private static final String MIX = """
            mov $0x12345678, %eax
            xor %ecx, %ecx
            mov $0x60000, %edi
            1:
            mov %eax, %edx
            shl $13, %edx
            xor %edx, %eax
            mov %eax, %edx
            shr $17, %edx
            xor %edx, %eax
            mov %eax, %edx
            shl $5, %edx
            xor %edx, %eax
            mov %eax, 0x50000(,%ecx,4)
            addl %eax, 0x50400(,%ecx,4)
            movzbl %al, %ebx
            movsbl %ah, %esi
            add %ebx, %esi
            adc $3, %esi
            sbb %ecx, %esi
            sar $3, %esi
            sar %cl, %esi
            rol $7, %esi
            push %esi
            push %eax
            call 2f
            add $8, %esp
            cmp $0x7fffffff, %eax
            setg %bl
            movb %bl, (%edi,%ecx)
            movw %ax, 0x50800(,%ecx,2)
            addw $0x1234, 0x50800(,%ecx,2)
            lea 3(%ecx,%ecx,2), %edx
            test $1, %edx
            jz 3f
            neg %edx
            3:
            imul $7, %edx, %edx
            mov %edx, 0x50c00(,%ecx,4)
            push $0x12345678
            pushl 0x50000(,%ecx,4)
            push $-3
            pop %ebx
            pop %esi
            pop %edx
            movb $0x5a, 0x50900(%ecx)
            movb 0x50900(%ecx), %dh
            movb %dh, %bl
            cdq
            mov $0x10000+4f, %edx # the code is assembled at 0 and loaded at KERNEL_CODE
            call *%edx
            mov $0x10000+5f, %edx
            jmp *%edx
            5:
            inc %ecx
            cmp $200, %ecx
            jb 1b
            hlt
            2:
            mov 4(%esp), %edx
            imul 8(%esp), %edx
            not %edx
            mov %edx, 0x51000(,%ecx,4)
            ret
            4:
            add %ebx, %eax
            ret
            """;

    /** How a machine runs its code. */
    private enum Mode {
        /** Every instruction decoded every time. */
        PLAIN,
        /** Blocks compiled to bytecode at the first visit. */
        COMPILED,
        /** Blocks decoded at the first visit and run by the CPU (what --no-jit does). */
        DECODED
    }

    private static ProtectedModeMachine machine(Mode mode, String source) {
        ProtectedModeMachine m = new ProtectedModeMachine();
        m.cpu.setTranslation(mode == Mode.COMPILED, mode == Mode.PLAIN ? 0 : 1);
        m.load(KERNEL_CODE, source);
        m.cpu.setEip(KERNEL_CODE);
        return m;
    }

    /** Everything the two runs must agree on. */
    private static List<Long> state(ProtectedModeMachine m) {
        List<Long> s = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            s.add((long) m.cpu.register(r));
        }
        s.add((long) m.cpu.eip());
        s.add((long) m.cpu.eflags());
        s.add(m.cpu.instructionsRetired());
        s.add((long) m.cpu.controlRegister(2));
        s.add((long) m.handledVector());
        long sum = 0;
        for (int a = DATA; a < DATA + 0x20000; a += 4) {
            sum = sum * 31 + m.memory.read32(a);
        }
        s.add(sum);
        long stack = 0;
        for (int a = ProtectedModeMachine.KERNEL_STACK_TOP - 0x100; a < ProtectedModeMachine.KERNEL_STACK_TOP; a += 4) {
            stack = stack * 31 + m.memory.read32(a);
        }
        s.add(stack);
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void compiledCodeEndsInTheInterpretersState(Mode mode) {
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, MIX);
        ProtectedModeMachine translated = machine(mode, MIX);
        assertEquals(ExitKind.HALT, interpreted.run(1_000_000).kind());
        assertEquals(ExitKind.HALT, translated.run(1_000_000).kind());
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.compiledBlocks() > 0, "no block was compiled");
        assertTrue(translated.cpu.translatedInstructions() > interpreted.cpu.instructionsRetired() / 2,
                "compiled blocks ran only " + translated.cpu.translatedInstructions() + " instructions");
        assertEquals(0, interpreted.cpu.translatedInstructions());
    }

    /** A block that jumps back to its own start: the compiled code loops without returning. */
    private static final String TIGHT_LOOP = """
            mov $1000, %ecx
            mov $0x9e3779b9, %eax
            1:
            add %ecx, %eax
            rol $3, %eax
            xor $0x5a5a, %eax
            dec %ecx
            jnz 1b
            hlt
            """;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void slicedRunsStopAtTheSameInstructions(Mode mode) {
        slicedRunsAgree(MIX, mode);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aLoopingBlockStopsAtTheEndOfTheBudget(Mode mode) {
        slicedRunsAgree(TIGHT_LOOP, mode);
    }

    private static void slicedRunsAgree(String source, Mode mode) {
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        for (int slice = 0; slice < 20_000; slice++) {
            int budget = 1 + slice % 13;
            ExitKind a = interpreted.run(budget).kind();
            ExitKind b = translated.run(budget).kind();
            assertEquals(a, b, "slice " + slice);
            assertEquals(state(interpreted), state(translated), "after slice " + slice);
            if (a == ExitKind.HALT) {
                assertTrue(translated.cpu.translatedInstructions() > 0);
                return;
            }
        }
        throw new AssertionError("the program did not halt");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aFaultInsideABlockRestartsTheFaultingInstruction(Mode mode) {
        String source = """
                mov $1, %eax
                mov $2, %ebx
                push %eax
                mov 0x400000, %ecx
                mov $3, %edx
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        for (ProtectedModeMachine m : List.of(interpreted, translated)) {
            m.enablePaging(0x3);
            m.memory.write32(ProtectedModeMachine.PAGE_DIRECTORY + 4, 0); // 4 MiB and up: not present
            m.cpu.setRegister(Cpu.EDX, 0x77);
            m.run(1_000);
        }
        assertEquals(Cpu.PF, translated.handledVector());
        assertEquals(0x400000, translated.cpu.controlRegister(2));
        assertEquals(0x77, translated.cpu.register(Cpu.EDX), "the instruction after the fault ran");
        // The page fault's frame: error code, then the EIP of the faulting MOV (1+5+5+1 bytes in).
        assertEquals(KERNEL_CODE + 11, translated.stack(1));
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.compiledBlocks() > 0);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void codeTheGuestRewritesRunsInItsNewForm(Mode mode) {
        // Each pass adds the immediate of its own MOV, then increments that immediate in place.
        String source = """
                xor %esi, %esi
                xor %edi, %edi
                1:
                patch: mov $0x100, %ebx
                add %ebx, %edi
                incl 0x10000+patch+1 # the code is assembled at 0 and loaded at KERNEL_CODE
                inc %esi
                cmp $50, %esi
                jne 1b
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        interpreted.run(10_000);
        translated.run(10_000);
        assertEquals(50 * 0x100 + 49 * 50 / 2, translated.cpu.register(Cpu.EDI));
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.compiledBlocks() > 1, "the rewritten block was never compiled again");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void anInstructionRewrittenAheadInItsOwnBlockRunsInItsNewForm(Mode mode) {
        // The MOVB turns the ADD after it (opcode 01) into a SUB (29) before the ADD first runs,
        // inside the block that holds both: the rest of the block must not run as decoded.
        String source = """
                mov $1, %esi
                xor %edi, %edi
                1:
                movb $0x29, 0x10000+op # the code is assembled at 0 and loaded at KERNEL_CODE
                op: add %esi, %edi
                inc %esi
                cmp $11, %esi
                jne 1b
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        interpreted.run(10_000);
        translated.run(10_000);
        assertEquals(-55, translated.cpu.register(Cpu.EDI));
        assertEquals(state(interpreted), state(translated));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void codeTheHostRewritesRunsInItsNewForm(Mode mode) {
        // The jump makes the second block start where a compiled block is entered, not where
        // the interpreter resumes after setEip.
        String prefix = "xor %ecx, %ecx\njmp 1f\n1:\n";
        int at = KERNEL_CODE + Assembler.assemble(".code32\n" + prefix).length;
        ProtectedModeMachine m = machine(mode, prefix + "mov $1, %eax\nadd $2, %eax\nhlt");
        m.run(100);
        assertEquals(3, m.cpu.register(Cpu.EAX));
        long compiled = m.cpu.compiledBlocks();
        // The host loads other code at the same address (as the kernel's exec does).
        byte[] next = Assembler.assemble(".code32\nmov $10, %eax\nadd $20, %eax\nhlt");
        for (int i = 0; i < next.length; i++) {
            m.memory.write8(at + i, next[i]);
        }
        m.cpu.setEip(KERNEL_CODE);
        m.run(100);
        assertEquals(30, m.cpu.register(Cpu.EAX));
        assertTrue(m.cpu.compiledBlocks() > compiled, "the rewritten block was not compiled again");
    }

    @Test
    void blocksCompiledOnTheCompilerThreadJoinRunningCodeWithoutChangingIt() throws Exception {
        // The default: decoded first, compiled in the background after 100 runs, installed
        // whenever the compiler thread is done. Run the program again and again until compiled
        // code has been installed and has run; the state must follow the plain interpreter's
        // run for run, whichever form each block ran in.
        ProtectedModeMachine plain = machine(Mode.PLAIN, MIX);
        ProtectedModeMachine background = new ProtectedModeMachine();
        background.cpu.setTranslation(true, 2);
        background.load(KERNEL_CODE, MIX);
        long deadline = System.nanoTime() + 60_000_000_000L;
        int run = 0;
        long installedBefore = -1;
        while (true) {
            for (ProtectedModeMachine m : List.of(plain, background)) {
                m.cpu.setEip(KERNEL_CODE);
                assertEquals(ExitKind.HALT, m.run(1_000_000).kind());
            }
            assertEquals(state(plain), state(background), "after run " + run);
            run++;
            long installed = background.cpu.installedBlocks();
            if (installedBefore > 0) {
                break; // compiled code was there for a whole run
            }
            if (installed > 0) {
                installedBefore = installed;
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("the compiler thread installed nothing in 60 s");
            } else if (run > 3) {
                Thread.sleep(10); // waiting for the host's compiler thread, not for the guest
            }
        }
        assertTrue(run >= 2);
    }

    @Test
    void aSecondMachineRunningTheSameCodeReusesTheCompiledBlocks() {
        ProtectedModeMachine first = machine(Mode.COMPILED, MIX);
        ProtectedModeMachine second = machine(Mode.COMPILED, MIX);
        first.run(1_000_000);
        second.run(1_000_000);
        assertTrue(second.cpu.compiledBlocks() > 0);
        assertEquals(second.cpu.compiledBlocks(), second.cpu.installedBlocks(),
                "every block the second machine made found the first one's code");
        assertEquals(state(first), state(second));
    }

    @Test
    void blocksCanBeTurnedOff() {
        ProtectedModeMachine m = machine(Mode.PLAIN, MIX);
        m.run(1_000_000);
        assertTrue(!m.cpu.isTranslating());
        assertEquals(0, m.cpu.compiledBlocks());
        assertEquals(0, m.cpu.translatedInstructions());
    }

    @Test
    void withoutCompilingBlocksAreOnlyDecoded() {
        ProtectedModeMachine m = machine(Mode.DECODED, MIX);
        m.run(1_000_000);
        assertTrue(!m.cpu.isTranslating());
        assertTrue(m.cpu.compiledBlocks() > 0);
        assertTrue(m.cpu.translatedInstructions() > 0);
    }

    @Test
    void theSystemPropertiesChooseTheDefaults() {
        String oldJit = System.getProperty("minixemu.jit");
        String oldBlocks = System.getProperty("minixemu.blocks");
        try {
            System.setProperty("minixemu.jit", "off");
            assertEquals(false, Cpu.defaultCompiling());
            System.setProperty("minixemu.jit", "on");
            assertEquals(true, Cpu.defaultCompiling());
            System.setProperty("minixemu.blocks", "none");
            assertEquals(0, Cpu.defaultTranslationThreshold());
            System.setProperty("minixemu.blocks", "eager");
            assertEquals(1, Cpu.defaultTranslationThreshold());
            System.setProperty("minixemu.blocks", "");
            assertEquals(Cpu.DEFAULT_TRANSLATION_THRESHOLD, Cpu.defaultTranslationThreshold());
            System.setProperty("minixemu.jit", "fast");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, Cpu::defaultCompiling);
            assertTrue(e.getMessage().contains("\"fast\""), e.getMessage());
            System.setProperty("minixemu.blocks", "500");
            e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, Cpu::defaultTranslationThreshold);
            assertTrue(e.getMessage().contains("\"500\""), e.getMessage());
        } finally {
            restore("minixemu.jit", oldJit);
            restore("minixemu.blocks", oldBlocks);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
