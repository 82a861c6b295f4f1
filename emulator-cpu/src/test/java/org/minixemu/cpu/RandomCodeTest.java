package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the guest executes, {@link Cpu#run} returns an {@link Exit} and never throws: random
 * bytes fill memory (so code, vectors and data are all garbage) and the CPU runs on them.
 */
class RandomCodeTest {
    private static final int INSTRUCTIONS = 20_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomBytesNeverEscapeTheInterpreter(long seed) {
        Random random = new Random(seed);
        FlatMemory memory = new FlatMemory(1 << 20);
        for (int a = 0; a < (1 << 20); a += 4) {
            memory.write32(a, random.nextInt());
        }
        Cpu cpu = new Cpu(memory);
        for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
            cpu.setRegister(r, random.nextInt());
        }
        for (int s = Cpu.ES; s <= Cpu.GS; s++) {
            cpu.setSegmentReal(s, random.nextInt(0x10000));
        }
        cpu.setEip(random.nextInt(0x10000));
        long before = cpu.instructionsRetired();
        int runs = 0;
        while (cpu.instructionsRetired() - before < INSTRUCTIONS && runs++ < INSTRUCTIONS) {
            Exit exit = cpu.run(1000);
            assertNotNull(exit);
            if (exit.kind() == ExitKind.SHUTDOWN) {
                break;
            }
            if (exit.kind() == ExitKind.HALT) {
                // Nothing will wake it; step past the HLT as if an interrupt had come and gone.
                cpu.setEip(cpu.eip());
            }
        }
        assertEquals(0, cpu.eflags() & ~0x003F7FD7, "reserved EFLAGS bits stay clear");
    }
}
