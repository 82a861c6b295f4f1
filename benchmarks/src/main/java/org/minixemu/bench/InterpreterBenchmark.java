package org.minixemu.bench;

import java.util.concurrent.TimeUnit;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.cpu.FlatMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Interpreter speed in millions of guest instructions per second: the score is operations per
 * microsecond, one operation being one retired instruction. Each invocation runs one slice of
 * {@link #SLICE} instructions of an endless guest loop, as the kernel's scheduler will.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterpreterBenchmark {
    static final int SLICE = 1_000_000;

    private static final int CODE_SEGMENT = 0x1000;
    private static final int DATA_SEGMENT = 0x2000;

    /**
     * Register-only work: {@code add ax,bx; xor dx,ax; inc si; shl bx,1; dec cx; jnz top}.
     * Five of its six instructions write flags and one reads them, as compiled code does.
     */
    private static final int[] INTEGER_LOOP = {
        0x01, 0xD8, 0x31, 0xC2, 0x46, 0xD1, 0xE3, 0x49, 0x75, 0xF6,
    };

    /**
     * Loads and stores through DS: {@code mov ax,[si]; add [di],ax; mov [si+2],ax; add si,2;
     * add di,2; and si,0FFEh; and di,1FFEh; jmp top} (three memory accesses in eight
     * instructions, walking 4 and 8 KiB buffers).
     */
    private static final int[] MEMORY_LOOP = {
        0x8B, 0x04, 0x01, 0x05, 0x89, 0x44, 0x02, 0x83, 0xC6, 0x02, 0x83, 0xC7, 0x02,
        0x81, 0xE6, 0xFE, 0x0F, 0x81, 0xE7, 0xFE, 0x1F, 0xEB, 0xE9,
    };

    @Param({"integer", "memory"})
    String loop;

    private Cpu cpu;

    @Setup(Level.Trial)
    public void load() {
        FlatMemory memory = new FlatMemory(1 << 20);
        int[] code = loop.equals("integer") ? INTEGER_LOOP : MEMORY_LOOP;
        for (int i = 0; i < code.length; i++) {
            memory.write8((CODE_SEGMENT << 4) + i, code[i]);
        }
        cpu = new Cpu(memory);
        cpu.setSegmentReal(Cpu.CS, CODE_SEGMENT);
        cpu.setSegmentReal(Cpu.DS, DATA_SEGMENT);
        cpu.setSegmentReal(Cpu.SS, DATA_SEGMENT);
        cpu.setEip(0);
        cpu.setRegister(Cpu.EBX, 0x1234);
        cpu.setRegister(Cpu.EDI, 0x1000);
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public Exit runSlice() {
        Exit exit = cpu.run(SLICE);
        if (exit.kind() != ExitKind.BUDGET) {
            throw new IllegalStateException("the benchmark loop stopped: " + exit);
        }
        return exit;
    }
}
