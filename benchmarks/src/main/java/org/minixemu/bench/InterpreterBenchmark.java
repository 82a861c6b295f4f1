package org.minixemu.bench;

import java.util.concurrent.TimeUnit;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
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
 * CPU speed in millions of guest instructions per second, translated, decoded or plainly
 * interpreted ({@link #translation}): the score is operations per
 * microsecond, one operation being one retired instruction. Each invocation runs one slice of
 * {@link #SLICE} instructions of an endless guest loop, as the kernel's scheduler will.
 *
 * <p>{@code integer}, {@code memory} and {@code branch} run in real mode with 16-bit operands
 * (the figures in docs/benchmarks.md go back to them); {@code tlbHit} and {@code tlbMiss} run
 * 32-bit flat ring-0 code with paging on, touching one word in each of 64 pages: the hit loop
 * finds every page in the TLB, the miss loop invalidates each page (INVLPG) before touching it,
 * so every touch walks the page tables. Their difference is the cost of a miss.
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
     * Register-only work: {@code add ax,bx; xor dx,ax; inc si; shl bx,1; dec cx; jnz top;
     * jmp top}. Five of the six instructions in the loop write flags and one reads them, as
     * compiled code does. (Until 2026-12-07 the final JMP was missing: after 65,536 passes the
     * loop fell through into zeroed memory and ran ADD [BX+SI],AL for the rest of each slice.)
     */
    private static final int[] INTEGER_LOOP = {
        0x01, 0xD8, 0x31, 0xC2, 0x46, 0xD1, 0xE3, 0x49, 0x75, 0xF6, 0xEB, 0xF4,
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

    /**
     * Compare and conditional branches, taken and not taken: {@code top: inc ax; test al,3;
     * jnz skip; xor bx,ax; skip: cmp bx,cx; jb low; sub bx,cx; low: dec dx; jnz top; jmp top}.
     */
    private static final int[] BRANCH_LOOP = {
        0x40, 0xA8, 0x03, 0x75, 0x02, 0x31, 0xC3, 0x39, 0xCB, 0x72, 0x02, 0x29, 0xCB, 0x4A,
        0x75, 0xF0, 0xEB, 0xEE,
    };

    /**
     * 32-bit, paging on, every page in the TLB: {@code top: mov eax,[esi]; add esi,1000h;
     * and esi,13F000h; jmp top} (64 pages from 1 MiB, one load in four instructions).
     */
    private static final int[] TLB_HIT_LOOP = {
        0x8B, 0x06, 0x81, 0xC6, 0x00, 0x10, 0x00, 0x00, 0x81, 0xE6, 0x00, 0xF0, 0x13, 0x00,
        0xEB, 0xF0,
    };

    /** As {@link #TLB_HIT_LOOP} with {@code invlpg [esi]} first: every load misses the TLB. */
    private static final int[] TLB_MISS_LOOP = {
        0x0F, 0x01, 0x3E, 0x8B, 0x06, 0x81, 0xC6, 0x00, 0x10, 0x00, 0x00, 0x81, 0xE6, 0x00,
        0xF0, 0x13, 0x00, 0xEB, 0xED,
    };

    /** Physical layout of the paged loops: directory, the table mapping 0-4 MiB, the code. */
    private static final int PAGE_DIRECTORY = 0x1000, PAGE_TABLE = 0x2000, PAGED_CODE = 0x10000;

    @Param({"integer", "memory", "branch", "tlbHit", "tlbMiss"})
    String loop;

    /**
     * How hot code runs (docs/cpu.md): "compiled" to JVM bytecode (the default), "decoded" (the
     * interpreter from its decoded-instruction cache, as with --no-jit), or "plain" (every
     * instruction decoded every time).
     */
    @Param({"compiled", "decoded", "plain"})
    String translation;

    private Cpu newCpu(FlatMemory memory) {
        Cpu c = new Cpu(memory);
        switch (translation) {
            case "compiled" -> c.setTranslation(true, Cpu.DEFAULT_TRANSLATION_THRESHOLD);
            case "decoded" -> c.setTranslation(false, Cpu.DEFAULT_TRANSLATION_THRESHOLD);
            case "plain" -> c.setTranslation(false, 0);
            default -> throw new IllegalArgumentException("no translation mode " + translation);
        }
        return c;
    }

    private Cpu cpu;

    @Setup(Level.Trial)
    public void load() {
        if (loop.startsWith("tlb")) {
            loadPaged(loop.equals("tlbHit") ? TLB_HIT_LOOP : TLB_MISS_LOOP);
            return;
        }
        FlatMemory memory = new FlatMemory(1 << 20);
        int[] code = switch (loop) {
            case "integer" -> INTEGER_LOOP;
            case "memory" -> MEMORY_LOOP;
            case "branch" -> BRANCH_LOOP;
            default -> throw new IllegalArgumentException("no loop " + loop);
        };
        for (int i = 0; i < code.length; i++) {
            memory.write8((CODE_SEGMENT << 4) + i, code[i]);
        }
        cpu = newCpu(memory);
        cpu.setSegmentReal(Cpu.CS, CODE_SEGMENT);
        cpu.setSegmentReal(Cpu.DS, DATA_SEGMENT);
        cpu.setSegmentReal(Cpu.SS, DATA_SEGMENT);
        cpu.setEip(0);
        cpu.setRegister(Cpu.EBX, 0x1234);
        cpu.setRegister(Cpu.EDI, 0x1000);
    }

    /** Flat 32-bit ring-0 segments, the first 4 MiB identity mapped, paging on. */
    private void loadPaged(int[] code) {
        FlatMemory memory = new FlatMemory(4 << 20);
        memory.write32(PAGE_DIRECTORY, PAGE_TABLE | 0x3);
        for (int page = 0; page < 1024; page++) {
            memory.write32(PAGE_TABLE + page * 4, (page << 12) | 0x3);
        }
        for (int i = 0; i < code.length; i++) {
            memory.write8(PAGED_CODE + i, code[i]);
        }
        cpu = newCpu(memory);
        cpu.setControlRegister(0, cpu.cr0() | 0x1);
        cpu.setSegment(Cpu.CS, 0x08, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(s, 0x10, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
        }
        cpu.setControlRegister(3, PAGE_DIRECTORY);
        cpu.setControlRegister(0, cpu.cr0() | 0x80000001);
        cpu.setEip(PAGED_CODE);
        cpu.setRegister(Cpu.ESI, 0x100000);
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
