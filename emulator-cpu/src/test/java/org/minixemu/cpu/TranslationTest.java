package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
            test $0x80, %al
            js 6f
            ror $3, %eax
            6:
            testb $3, 0x50900(%ecx)
            jnz 7f
            rol %cl, %esi
            7:
            testb $0x81, %dh
            jle 8f
            ror $1, %ebx
            8:
            push %eax
            push %edx
            mov %ecx, %ebx
            or $7, %ebx
            xor %edx, %edx
            div %ebx
            mov %edx, 0x51400(,%ecx,4)
            mov %eax, %ebx
            pop %edx
            pop %eax
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

    /** A loop whose every pass ends with flags compiled code defers (SUB, then the Jcc from its operands). */
    private static final String DEFERRING_LOOP = """
            mov $1000, %ecx
            mov $0x9e3779b9, %eax
            1:
            add %ecx, %eax
            xor $0x5a5a, %eax
            sub $1, %ecx
            jnz 1b
            hlt
            """;

    /**
     * Every Jcc after CMP, TEST, SUB, AND, XOR and OR (register and immediate forms) on edge
     * values: compiled code evaluates most of them from the operands it kept, not from the lazy
     * flags. Each outcome is a bit in EDI.
     */
    private static final String CONDITIONS = """
            mov $0x50000, %ebp
            xor %edi, %edi
            xor %ecx, %ecx
            9:
            mov (%ebp,%ecx,8), %eax
            mov 4(%ebp,%ecx,8), %ebx
            cmp %ebx, %eax
            jo 1001f
            add $1, %edi
            1001:
            rol $1, %edi
            cmp %ebx, %eax
            jno 1002f
            add $1, %edi
            1002:
            rol $1, %edi
            cmp %ebx, %eax
            jb 1003f
            add $1, %edi
            1003:
            rol $1, %edi
            cmp %ebx, %eax
            jae 1004f
            add $1, %edi
            1004:
            rol $1, %edi
            cmp %ebx, %eax
            je 1005f
            add $1, %edi
            1005:
            rol $1, %edi
            cmp %ebx, %eax
            jne 1006f
            add $1, %edi
            1006:
            rol $1, %edi
            cmp %ebx, %eax
            jbe 1007f
            add $1, %edi
            1007:
            rol $1, %edi
            cmp %ebx, %eax
            ja 1008f
            add $1, %edi
            1008:
            rol $1, %edi
            cmp %ebx, %eax
            js 1009f
            add $1, %edi
            1009:
            rol $1, %edi
            cmp %ebx, %eax
            jns 1010f
            add $1, %edi
            1010:
            rol $1, %edi
            cmp %ebx, %eax
            jp 1011f
            add $1, %edi
            1011:
            rol $1, %edi
            cmp %ebx, %eax
            jnp 1012f
            add $1, %edi
            1012:
            rol $1, %edi
            cmp %ebx, %eax
            jl 1013f
            add $1, %edi
            1013:
            rol $1, %edi
            cmp %ebx, %eax
            jge 1014f
            add $1, %edi
            1014:
            rol $1, %edi
            cmp %ebx, %eax
            jle 1015f
            add $1, %edi
            1015:
            rol $1, %edi
            cmp %ebx, %eax
            jg 1016f
            add $1, %edi
            1016:
            rol $1, %edi
            test %ebx, %eax
            jo 1017f
            add $1, %edi
            1017:
            rol $1, %edi
            test %ebx, %eax
            jno 1018f
            add $1, %edi
            1018:
            rol $1, %edi
            test %ebx, %eax
            jb 1019f
            add $1, %edi
            1019:
            rol $1, %edi
            test %ebx, %eax
            jae 1020f
            add $1, %edi
            1020:
            rol $1, %edi
            test %ebx, %eax
            je 1021f
            add $1, %edi
            1021:
            rol $1, %edi
            test %ebx, %eax
            jne 1022f
            add $1, %edi
            1022:
            rol $1, %edi
            test %ebx, %eax
            jbe 1023f
            add $1, %edi
            1023:
            rol $1, %edi
            test %ebx, %eax
            ja 1024f
            add $1, %edi
            1024:
            rol $1, %edi
            test %ebx, %eax
            js 1025f
            add $1, %edi
            1025:
            rol $1, %edi
            test %ebx, %eax
            jns 1026f
            add $1, %edi
            1026:
            rol $1, %edi
            test %ebx, %eax
            jp 1027f
            add $1, %edi
            1027:
            rol $1, %edi
            test %ebx, %eax
            jnp 1028f
            add $1, %edi
            1028:
            rol $1, %edi
            test %ebx, %eax
            jl 1029f
            add $1, %edi
            1029:
            rol $1, %edi
            test %ebx, %eax
            jge 1030f
            add $1, %edi
            1030:
            rol $1, %edi
            test %ebx, %eax
            jle 1031f
            add $1, %edi
            1031:
            rol $1, %edi
            test %ebx, %eax
            jg 1032f
            add $1, %edi
            1032:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jo 1033f
            add $1, %edi
            1033:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jno 1034f
            add $1, %edi
            1034:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jb 1035f
            add $1, %edi
            1035:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jae 1036f
            add $1, %edi
            1036:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            je 1037f
            add $1, %edi
            1037:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jne 1038f
            add $1, %edi
            1038:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jbe 1039f
            add $1, %edi
            1039:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            ja 1040f
            add $1, %edi
            1040:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            js 1041f
            add $1, %edi
            1041:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jns 1042f
            add $1, %edi
            1042:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jp 1043f
            add $1, %edi
            1043:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jnp 1044f
            add $1, %edi
            1044:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jl 1045f
            add $1, %edi
            1045:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jge 1046f
            add $1, %edi
            1046:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jle 1047f
            add $1, %edi
            1047:
            rol $1, %edi
            mov %eax, %edx
            sub %ebx, %edx
            jg 1048f
            add $1, %edi
            1048:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jo 1049f
            add $1, %edi
            1049:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jno 1050f
            add $1, %edi
            1050:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jb 1051f
            add $1, %edi
            1051:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jae 1052f
            add $1, %edi
            1052:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            je 1053f
            add $1, %edi
            1053:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jne 1054f
            add $1, %edi
            1054:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jbe 1055f
            add $1, %edi
            1055:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            ja 1056f
            add $1, %edi
            1056:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            js 1057f
            add $1, %edi
            1057:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jns 1058f
            add $1, %edi
            1058:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jp 1059f
            add $1, %edi
            1059:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jnp 1060f
            add $1, %edi
            1060:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jl 1061f
            add $1, %edi
            1061:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jge 1062f
            add $1, %edi
            1062:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jle 1063f
            add $1, %edi
            1063:
            rol $1, %edi
            mov %eax, %edx
            and %ebx, %edx
            jg 1064f
            add $1, %edi
            1064:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jo 1065f
            add $1, %edi
            1065:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jno 1066f
            add $1, %edi
            1066:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jb 1067f
            add $1, %edi
            1067:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jae 1068f
            add $1, %edi
            1068:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            je 1069f
            add $1, %edi
            1069:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jne 1070f
            add $1, %edi
            1070:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jbe 1071f
            add $1, %edi
            1071:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            ja 1072f
            add $1, %edi
            1072:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            js 1073f
            add $1, %edi
            1073:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jns 1074f
            add $1, %edi
            1074:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jp 1075f
            add $1, %edi
            1075:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jnp 1076f
            add $1, %edi
            1076:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jl 1077f
            add $1, %edi
            1077:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jge 1078f
            add $1, %edi
            1078:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jle 1079f
            add $1, %edi
            1079:
            rol $1, %edi
            mov %eax, %edx
            xor %ebx, %edx
            jg 1080f
            add $1, %edi
            1080:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jo 1081f
            add $1, %edi
            1081:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jno 1082f
            add $1, %edi
            1082:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jb 1083f
            add $1, %edi
            1083:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jae 1084f
            add $1, %edi
            1084:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            je 1085f
            add $1, %edi
            1085:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jne 1086f
            add $1, %edi
            1086:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jbe 1087f
            add $1, %edi
            1087:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            ja 1088f
            add $1, %edi
            1088:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            js 1089f
            add $1, %edi
            1089:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jns 1090f
            add $1, %edi
            1090:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jp 1091f
            add $1, %edi
            1091:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jnp 1092f
            add $1, %edi
            1092:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jl 1093f
            add $1, %edi
            1093:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jge 1094f
            add $1, %edi
            1094:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jle 1095f
            add $1, %edi
            1095:
            rol $1, %edi
            mov %eax, %edx
            or %ebx, %edx
            jg 1096f
            add $1, %edi
            1096:
            rol $1, %edi
            cmp $-2, %eax
            jo 1097f
            add $1, %edi
            1097:
            rol $1, %edi
            cmp $-2, %eax
            jno 1098f
            add $1, %edi
            1098:
            rol $1, %edi
            cmp $-2, %eax
            jb 1099f
            add $1, %edi
            1099:
            rol $1, %edi
            cmp $-2, %eax
            jae 1100f
            add $1, %edi
            1100:
            rol $1, %edi
            cmp $-2, %eax
            je 1101f
            add $1, %edi
            1101:
            rol $1, %edi
            cmp $-2, %eax
            jne 1102f
            add $1, %edi
            1102:
            rol $1, %edi
            cmp $-2, %eax
            jbe 1103f
            add $1, %edi
            1103:
            rol $1, %edi
            cmp $-2, %eax
            ja 1104f
            add $1, %edi
            1104:
            rol $1, %edi
            cmp $-2, %eax
            js 1105f
            add $1, %edi
            1105:
            rol $1, %edi
            cmp $-2, %eax
            jns 1106f
            add $1, %edi
            1106:
            rol $1, %edi
            cmp $-2, %eax
            jp 1107f
            add $1, %edi
            1107:
            rol $1, %edi
            cmp $-2, %eax
            jnp 1108f
            add $1, %edi
            1108:
            rol $1, %edi
            cmp $-2, %eax
            jl 1109f
            add $1, %edi
            1109:
            rol $1, %edi
            cmp $-2, %eax
            jge 1110f
            add $1, %edi
            1110:
            rol $1, %edi
            cmp $-2, %eax
            jle 1111f
            add $1, %edi
            1111:
            rol $1, %edi
            cmp $-2, %eax
            jg 1112f
            add $1, %edi
            1112:
            rol $1, %edi
            inc %ecx
            cmp $8, %ecx
            jne 9b
            hlt
            """;

    /** The operand pairs CONDITIONS runs on: equal, unsigned and signed orders, overflow, zero. */
    private static final int[][] CONDITION_OPERANDS = {
        {5, 5}, {3, 7}, {7, 3}, {-1, 1}, {1, -1}, {0x80000000, 1}, {0x7fffffff, -1}, {0, 0},
    };

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void everyConditionAfterEveryFlagSourceBranchesAsInTheInterpreter(Mode mode) {
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, CONDITIONS);
        ProtectedModeMachine translated = machine(mode, CONDITIONS);
        for (ProtectedModeMachine m : List.of(interpreted, translated)) {
            for (int i = 0; i < CONDITION_OPERANDS.length; i++) {
                m.memory.write32(DATA + 8 * i, CONDITION_OPERANDS[i][0]);
                m.memory.write32(DATA + 8 * i + 4, CONDITION_OPERANDS[i][1]);
            }
            assertEquals(ExitKind.HALT, m.run(1_000_000).kind());
        }
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.translatedInstructions() > 0);
    }

    /**
     * One block with three conditional jumps in mid-block: one taken every fourth pass (to
     * another block), one taken back to the block's own start (a loop inside the compiled
     * code), and ones not taken that let the block go on.
     */
    private static final String SIDE_EXITS = """
            mov $400, %ecx
            xor %eax, %eax
            xor %ebx, %ebx
            1:
            inc %eax
            test $3, %eax
            jz 2f
            add %eax, %ebx
            cmp $1000, %ebx
            jb 1b
            sub $1000, %ebx
            dec %ecx
            jnz 1b
            hlt
            2:
            xor $0x55, %ebx
            dec %ecx
            jnz 1b
            hlt
            """;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void conditionalJumpsInMidBlockLeaveItWhereTheInterpreterJumps(Mode mode) {
        runsAsInTheInterpreter(SIDE_EXITS, mode);
    }

    /**
     * Every condition code after each CMP and TEST form the block interpreter fuses with the
     * jump after it (FusedJump), on operands around the signed and unsigned edges: each case
     * that jumps leaves its own mark in EDX (and the flags go on to the next case's ADC).
     */
    private static String everyConditionAfterCompareAndTest() {
        String[] jumps = {"jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja", "js", "jns", "jp", "jnp", "jl", "jge",
            "jle", "jg"};
        String[] compares = {"cmp %ebx, %eax", "cmp %eax, %ebx", "cmp $0x7fffffff, %eax", "cmp $-1, %ecx",
            "cmp $1, %ecx", "test %ebx, %eax", "test $0x80000001, %eax", "test $0x81, %al", "test $0x81, %cl"};
        int[][] pairs = {{0, 0}, {1, 2}, {2, 1}, {-1, 1}, {0x80000000, 1}, {0x7fffffff, -1}, {0x81, 0x80}, {5, 5}};
        StringBuilder b = new StringBuilder("xor %edx, %edx\nxor %esi, %esi\n");
        int mark = 1;
        for (int[] pair : pairs) {
            b.append("mov $").append(pair[0]).append(", %eax\nmov %eax, %ecx\nmov $").append(pair[1]).append(", %ebx\n");
            for (String compare : compares) {
                for (String jump : jumps) {
                    b.append(compare).append('\n').append(jump).append(" 1f\n");
                    b.append("xor $").append(mark * 0x9E3779B1).append(", %edx\n1:\nadc $0, %esi\n");
                    mark++;
                }
            }
        }
        return b.append("hlt\n").toString();
    }

    /**
     * A register MOV and each ALU operation and shift after it on the register it wrote
     * (CopyThen), with the second instruction's flags read (by an ADC) and dead (overwritten
     * by a CMP), its other operand the same register or another, and CL shifts of ECX.
     */
    private static String copiesThenOperations() {
        String[] seconds = {"add %ebx, %edx", "or %ebx, %edx", "and %ebx, %edx", "sub %ebx, %edx", "xor %ebx, %edx",
            "cmp %ebx, %edx", "add %edx, %edx", "sub %edx, %edx", "xor $0x5a5a, %edx", "sub $7, %edx", "cmp $-3, %edx",
            "shl $5, %edx", "shr $3, %edx", "sar $31, %edx", "rol $7, %edx", "ror $1, %edx", "shl $0, %edx",
            "shl %cl, %edx", "sar %cl, %edx"};
        int[][] values = {{0x12345678, 3}, {-8, 33}, {0x7fffffff, 0}, {1, -1}};
        StringBuilder b = new StringBuilder("xor %esi, %esi\nxor %edi, %edi\n");
        for (int[] v : values) {
            b.append("mov $").append(v[0]).append(", %eax\nmov $").append(v[1]).append(", %ebx\nmov %ebx, %ecx\n");
            for (String second : seconds) {
                b.append("mov %eax, %edx\n").append(second).append("\nadc %edx, %esi\n"); // flags read
                b.append("mov %eax, %edx\n").append(second).append("\nadd %edx, %edi\ncmp %esi, %edi\n"); // dead
                b.append("mov %ebx, %edx\n").append(second.replace("%ebx", "%edx")).append("\nadc %edx, %esi\n");
            }
            b.append("mov %eax, %ecx\nshl %cl, %ecx\nadc %ecx, %esi\nmov %ebx, %ecx\nror %cl, %ecx\nadc %ecx, %edi\n");
            b.append("mov %eax, %ecx\nshr %cl, %ecx\nadd %ecx, %esi\ncmp %edi, %esi\n");
        }
        return b.append("hlt\n").toString();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aCopyAndAnOperationOnItRunAsInTheInterpreter(Mode mode) {
        runsAsInTheInterpreter(copiesThenOperations(), mode);
    }

    /**
     * A loop's closing idiom, the three instructions the block interpreter binds as one op
     * (FusedJump.CountCompare): INC, DEC, ADD or SUB of an immediate to a register, a CMP that
     * reads it (or does not), and every condition, around the signed and unsigned edges.
     */
    private static String countsThenCompares() {
        String[] jumps = {"jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja", "js", "jns", "jp", "jnp", "jl", "jge",
            "jle", "jg"};
        String[] counts = {"inc %eax", "dec %eax", "add $0x10000, %eax", "sub $-7, %eax", "inc %ebx"};
        String[] compares = {"cmp %ebx, %eax", "cmp %eax, %ebx", "cmp $2, %eax"};
        int[][] pairs = {{0x7fffffff, 0x80000000}, {-1, 0}, {1, 2}};
        StringBuilder b = new StringBuilder("xor %edx, %edx\nxor %esi, %esi\n");
        int mark = 1;
        for (int[] pair : pairs) {
            for (String count : counts) {
                for (String compare : compares) {
                    for (String jump : jumps) {
                        b.append("mov $").append(pair[0]).append(", %eax\nmov $").append(pair[1]).append(", %ebx\n");
                        b.append(count).append('\n').append(compare).append('\n').append(jump).append(" 1f\n");
                        b.append("xor $").append(mark * 0x9E3779B1).append(", %edx\n1:\nadc %eax, %esi\n");
                        mark++;
                    }
                }
            }
        }
        return b.append("hlt\n").toString();
    }

    /**
     * LEAs in pairs (BoundMoves.LeaPair): the second reading what the first wrote as its base,
     * as its index, or not at all, and writing the same register or another.
     */
    private static final String LEA_PAIRS = """
            mov $0x9e3779b1, %ecx
            mov $400, %edi
            xor %esi, %esi
            1:
            lea (%ecx,%ecx,4), %edx
            lea (%edx,%edx,8), %edx
            lea 3(%ecx,%edx,2), %eax
            lea -7(%eax), %ebx
            lea (%ebx,%eax,4), %eax
            lea 0x1000(%esi), %edx
            add %eax, %esi
            add %edx, %esi
            add %ebx, %ecx
            dec %edi
            jnz 1b
            hlt
            """;

    /**
     * TEST in every 32-bit form, of different operands, at the end of a block (the PUSHF after
     * each ends it, and reads all the flags): the flags of an AND whose result goes nowhere.
     */
    private static final String TESTS_KEEP_THEIR_OPERANDS = """
            mov $0x50000, %ebp
            mov $0x12345678, %eax
            mov $0x0f0f0f0f, %ebx
            mov $0x80000001, %ecx
            mov $200, %esi
            xor %edi, %edi
            1:
            mov %ebx, (%ebp)
            test %ebx, %eax
            pushf
            pop %edx
            add %edx, %edi
            test %eax, (%ebp)
            pushf
            pop %edx
            add %edx, %edi
            test $0x80000001, %ecx
            pushf
            pop %edx
            add %edx, %edi
            test $0x7fff0000, %eax
            pushf
            pop %edx
            add %edx, %edi
            testl $0x55, (%ebp)
            pushf
            pop %edx
            add %edx, %edi
            add %edi, %eax
            rol $3, %ebx
            ror $5, %ecx
            dec %esi
            jnz 1b
            hlt
            """;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void testSetsFlagsAndKeepsItsOperands(Mode mode) {
        runsAsInTheInterpreter(TESTS_KEEP_THEIR_OPERANDS, mode);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void pairsOfLeaRunAsInTheInterpreter(Mode mode) {
        runsAsInTheInterpreter(LEA_PAIRS, mode);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void countingCompareAndJumpRunAsInTheInterpreter(Mode mode) {
        runsAsInTheInterpreter(countsThenCompares(), mode);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void everyConditionAfterEachCompareAndTestJumpsAsInTheInterpreter(Mode mode) {
        runsAsInTheInterpreter(everyConditionAfterCompareAndTest(), mode);
    }

    /**
     * Runs {@code source} to its HLT interpreted and as {@code mode}: the states agree, blocks
     * ran more than half of the instructions, and sliced runs agree at every stop. Returns the
     * translated machine.
     */
    private static ProtectedModeMachine runsAsInTheInterpreter(String source, Mode mode) {
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        assertEquals(ExitKind.HALT, interpreted.run(1_000_000).kind());
        assertEquals(ExitKind.HALT, translated.run(1_000_000).kind());
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.translatedInstructions() > interpreted.cpu.instructionsRetired() / 2);
        slicedRunsAgree(source, mode);
        return translated;
    }

    /**
     * Direct jumps and a call that a block follows to their targets in the same page, forward
     * and backward. The loop's block is entered after the RET, at the MOV, and follows JMP 2b
     * to code before its entry, where a 16-bit ADD runs in its handler (which fetches its
     * immediate through the block's fetch window: it spans the followed code).
     */
    private static final String FOLLOWED = """
            mov $0x50000, %ebp
            xor %ecx, %ecx
            xor %eax, %eax
            jmp 5f
            2:
            addw $0x1234, %ax
            imul $7, %eax, %eax
            call 4f
            mov %eax, (%ebp,%ecx,4)
            inc %ecx
            cmp $300, %ecx
            jae 9f
            5:
            add $3, %eax
            jmp 3f
            3:
            xor $0x55, %eax
            jmp 2b
            9:
            hlt
            4:
            rol $5, %eax
            ret
            """;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void followedJumpsAndCallsRunAsInTheInterpreter(Mode mode) {
        runsAsInTheInterpreter(FOLLOWED, mode);
    }

    /**
     * A loop around an indirect call, as a function-pointer dispatch compiles: the block entered
     * after the RET ends with the loop's closing JNE, which it follows back to the loop's head
     * (and leaves when the loop ends).
     */
    private static final String LOOP_AROUND_A_CALL = """
            mov $0x50000, %ebp
            xor %ecx, %ecx
            mov $7, %eax
            1:
            mov %ecx, %edx
            and $1, %edx
            mov $0x10000+3f, %ebx # the code is assembled at 0 and loaded at KERNEL_CODE
            call *%ebx
            mov %eax, (%ebp,%ecx,4)
            inc %ecx
            cmp $300, %ecx
            jne 1b
            hlt
            3:
            add %ecx, %eax
            rol $3, %eax
            ret
            """;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aBlockFollowsALoopsClosingJumpBackToItsHead(Mode mode) {
        ProtectedModeMachine translated = runsAsInTheInterpreter(LOOP_AROUND_A_CALL, mode);
        // The CALL's return address is still in memory just below the stack pointer.
        int afterCall = translated.memory.read32(translated.cpu.register(Cpu.ESP) - 4);
        BlockCache.Block b = translated.cpu.blockAt(afterCall, afterCall);
        assertTrue(b != null, "no block after the call");
        DecodedInstruction jne = java.util.Arrays.stream(b.decoded).filter(d -> d.code == 0x75).findFirst().orElseThrow();
        assertTrue(jne.followed && jne.sideExit, "the JNE is followed, and left when not taken");
        assertTrue(java.util.Arrays.stream(b.decoded).anyMatch(d -> d.address == jne.target()),
                "the block goes on at the loop's head");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aDivideErrorInsideABlockRestartsTheDivide(Mode mode) {
        String source = """
                mov $7, %eax
                mov $3, %edx
                mov $2, %ebx
                div %ebx
                mov $9, %esi
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        for (ProtectedModeMachine m : List.of(interpreted, translated)) {
            m.run(1_000);
        }
        assertEquals(Cpu.DE, translated.handledVector(), "EDX:EAX / 2 does not fit in 32 bits");
        assertEquals(KERNEL_CODE + 15, translated.stack(0), "the frame's EIP is the DIV's");
        assertEquals(7, translated.cpu.register(Cpu.EAX));
        assertEquals(3, translated.cpu.register(Cpu.EDX));
        assertEquals(state(interpreted), state(translated));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aFaultAfterAFollowedJumpRestartsTheFaultingInstruction(Mode mode) {
        String source = """
                mov $1, %eax
                jmp 1f
                hlt
                1:
                mov 0x400000, %ecx
                mov $3, %edx
                hlt
                """;
        ProtectedModeMachine translated = pageFaultAt0x400000(mode, source);
        // The frame's EIP is the faulting MOV's: after the MOV (5), the JMP (2) and the HLT (1).
        assertEquals(KERNEL_CODE + 8, translated.stack(1));
    }

    /**
     * Runs {@code source} interpreted and as {@code mode} with paging on and nothing mapped from
     * 4 MiB up, EDX 0x77 at the start; checks that both took the #PF at 0x400000 without running
     * what comes after the faulting instruction, and agree; returns the translated machine.
     */
    private static ProtectedModeMachine pageFaultAt0x400000(Mode mode, String source) {
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
        assertEquals(0x77, translated.cpu.register(Cpu.EDX), "the MOV to EDX after the fault must not run");
        assertEquals(state(interpreted), state(translated));
        return translated;
    }

    /**
     * Every Jcc after each byte CMP and TEST form (register, memory, AL and immediate), for
     * byte pairs on the signed and unsigned edges. Each form's sixteen outcomes are a word of
     * results in memory.
     */
    private static String byteConditions() {
        String[] conditions = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};
        String[] forms = {"cmp %bl, %al", "cmp %al, %bl", "cmpb $0x80, %al", "cmpb $0x7f, %bl",
            "cmp %bl, 0x50000(,%ecx,8)", "cmp 0x50000(,%ecx,8), %bl", "test %bl, %al", "testb $0x81, %al",
            "test %al, 0x50004(,%ecx,8)"};
        StringBuilder s = new StringBuilder("""
                xor %ecx, %ecx
                9:
                mov 0x50000(,%ecx,8), %eax
                mov 0x50004(,%ecx,8), %ebx
                """);
        int label = 2000;
        for (int f = 0; f < forms.length; f++) {
            s.append("xor %edi, %edi\n");
            for (String c : conditions) {
                s.append(forms[f]).append("\nj").append(c).append(' ').append(label).append("f\nadd $1, %edi\n")
                        .append(label).append(":\nrol $1, %edi\n");
                label++;
            }
            s.append("mov %ecx, %esi\nimul $").append(4 * forms.length).append(", %esi, %esi\n")
                    .append("mov %edi, 0x58000+").append(4 * f).append("(%esi)\n");
        }
        return s.append("inc %ecx\ncmp $8, %ecx\njne 9b\nhlt\n").toString();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void everyConditionAfterByteComparesBranchesAsInTheInterpreter(Mode mode) {
        int[][] pairs = {{0x05, 0x05}, {0x03, 0x07}, {0x7F, 0x80}, {0x80, 0x7F}, {0xFF, 0x01}, {0x01, 0xFF},
            {0x80, 0x01}, {0x00, 0x00}};
        String source = byteConditions();
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        for (ProtectedModeMachine m : List.of(interpreted, translated)) {
            for (int i = 0; i < pairs.length; i++) {
                m.memory.write32(DATA + 8 * i, 0x12345600 | pairs[i][0]);
                m.memory.write32(DATA + 8 * i + 4, 0x89ABCD00 | pairs[i][1]);
            }
            assertEquals(ExitKind.HALT, m.run(1_000_000).kind());
        }
        assertEquals(state(interpreted), state(translated));
        assertTrue(translated.cpu.translatedInstructions() > interpreted.cpu.instructionsRetired() / 2);
    }

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

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aLoopStoppedByTheBudgetLeavesTheFlagsOfItsLastInstruction(Mode mode) {
        slicedRunsAgree(DEFERRING_LOOP, mode);
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
        ProtectedModeMachine translated = pageFaultAt0x400000(mode, source);
        // The page fault's frame: error code, then the EIP of the faulting MOV (1+5+5+1 bytes in).
        assertEquals(KERNEL_CODE + 11, translated.stack(1));
        assertTrue(translated.cpu.compiledBlocks() > 0);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aFaultAfterAnAddPushesTheFlagsOfTheAdd(Mode mode) {
        // Compiled code keeps the ADD's flag record in locals; the fault must store it first.
        String source = """
                mov $-1, %eax
                add $1, %eax
                mov 0x400000, %ecx
                mov $3, %edx
                hlt
                """;
        ProtectedModeMachine translated = pageFaultAt0x400000(mode, source);
        int pushed = translated.stack(3); // error code, EIP, CS, EFLAGS
        assertEquals(Flags.ZF | Flags.CF, pushed & (Flags.ZF | Flags.CF | Flags.SF | Flags.OF),
                "EFLAGS in the #PF frame: 0xFFFFFFFF + 1 is zero with a carry");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COMPILED", "DECODED"})
    void aLoopAndAHandlerSeeTheFlagsOfTheLastArithmetic(Mode mode) {
        // The loop records flags every pass, kept in locals; ADC (a handler) reads the ADD's carry.
        String source = """
                mov $5, %ecx
                xor %eax, %eax
                xor %edx, %edx
                1:
                add $0x40000000, %eax
                sub $1, %ecx
                jne 1b
                add $0xc0000000, %eax
                adc $0, %edx
                cmp %eax, %ecx
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        for (ProtectedModeMachine m : List.of(interpreted, translated)) {
            m.run(1_000);
        }
        assertEquals(1, translated.cpu.register(Cpu.EDX), "0x40000000 + 0xC0000000 carries");
        int arithmetic = Flags.ZF | Flags.CF | Flags.SF | Flags.OF;
        assertEquals(Flags.ZF, translated.cpu.eflags() & arithmetic, "CMP of 0 and 0");
        assertEquals(state(interpreted), state(translated));
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
    void aBlockLeftAfterACodeWriteLeavesTheFlagsOfTheAddBeforeIt(Mode mode) {
        // The MOVB writes the block's own code, so the block stops after it; the ADD's flags,
        // kept in locals until then, must be in EFLAGS for the ADC that runs next.
        String source = """
                xor %edx, %edx
                mov $-1, %eax
                add $1, %eax
                movb $0x83, 0x10000+op # the code is assembled at 0 and loaded at KERNEL_CODE
                op: adc $0, %edx
                hlt
                """;
        ProtectedModeMachine interpreted = machine(Mode.PLAIN, source);
        ProtectedModeMachine translated = machine(mode, source);
        interpreted.run(1_000);
        translated.run(1_000);
        assertEquals(1, translated.cpu.register(Cpu.EDX), "0xFFFFFFFF + 1 carries");
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
    void everyDecodedPassOfALoopCountsTowardsItsCompile() {
        // Compiling in the background: a block runs decoded until its 100th run queues it for
        // the compiler thread. A loop's block must count each pass, not each call of the
        // decoded loop, which may run several passes.
        ProtectedModeMachine m = new ProtectedModeMachine();
        m.cpu.setTranslation(true, 2);
        m.load(KERNEL_CODE, """
                mov $60, %ecx
                1:
                add %ecx, %eax
                dec %ecx
                jnz 1b
                hlt
                """);
        m.cpu.setEip(KERNEL_CODE);
        assertEquals(ExitKind.HALT, m.run(1_000_000).kind());
        int loop = KERNEL_CODE + 5; // after the 5-byte MOV
        BlockCache.Block b = m.cpu.blockAt(loop, loop);
        assertNotNull(b, "the loop's block was made");
        assertEquals(59, b.runs, "made at the second of 60 passes, it ran 59 of them");
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
    void aBlockRunsAtOnceWhenItsCodePageIsInTheTlb() {
        ProtectedModeMachine m = machine(Mode.COMPILED, "1:\ninc %eax\njmp 1b\n");
        m.enablePaging(0x3);
        m.run(10);
        m.cpu.invalidateFetch(); // as a switch of address space does
        long before = m.cpu.translatedInstructions();
        m.run(2);
        assertEquals(before + 2, m.cpu.translatedInstructions(),
                "the two-instruction block ran without the interpreter opening the code page first");
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
