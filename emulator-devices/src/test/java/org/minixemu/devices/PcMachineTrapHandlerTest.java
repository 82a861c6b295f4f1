package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;

/**
 * A host's trap handler run inside the CPU loop through {@link PcMachine#setTrapHandler}: the
 * machine's between-slice work keeps its place. A device event due at the trap still ends the
 * slice (the trap leaves the loop, the event runs first), and a trap handled in the loop lets
 * the run go on only up to the next event. One instruction takes 10 ns at the default rate.
 */
class PcMachineTrapHandlerTest {
    private static final int CODE = 0x100000;
    private static final int NOP = 0x90;

    private PcMachine m;
    private Cpu cpu;
    private Timer timer;
    private int fired;
    private int handled;

    /** NOP, then NOP NOP INT 0x21, then NOPs: the INT is the third instruction of a slice. */
    @BeforeEach
    void machine() {
        PhysicalMemoryMap memory = new PhysicalMemoryMap(4 << 20);
        int[] code = {NOP, NOP, NOP, 0xCD, 0x21};
        for (int i = 0; i < 64; i++) {
            memory.write8(CODE + i, i < code.length ? code[i] : NOP);
        }
        m = new PcMachine(memory, new PcMachine.Config(OutputStream.nullOutputStream(), null, x -> { }));
        cpu = m.cpu();
        cpu.setControlRegister(0, 1);
        cpu.setSegment(Cpu.CS, 0x08, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
        for (int seg : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(seg, 0x10, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
        }
        cpu.setEflags(0x2);
        cpu.setRegister(Cpu.ESP, 0x90000);
        cpu.setEip(CODE);
        cpu.setHostedMode(true);
        cpu.claimSoftwareInterrupt(0x21, true);
        timer = m.events().timer("test", () -> fired++);
        m.runSlice(1); // the first NOP; the first slice also schedules the host service
    }

    @Test
    void anEventDueAtTheTrapEndsTheSliceBeforeTheHandlerRuns() {
        m.setTrapHandler(vector -> {
            handled++;
            return 1000;
        });
        timer.after(30); // due when the INT, the third instruction, retires
        Exit exit = m.runSlice(1000);
        assertEquals(ExitKind.SOFTWARE_INTERRUPT, exit.kind(), "the trap left the loop");
        assertEquals(0, handled, "the handler was not asked");
        assertEquals(1, fired, "the event ran at the end of the slice");
    }

    @Test
    void aTrapHandledInTheLoopRunsOnOnlyToTheNextEvent() {
        m.setTrapHandler(vector -> {
            handled++;
            return 1000;
        });
        long start = cpu.instructionsRetired();
        timer.after(100); // ten instructions from now: seven after the INT
        Exit exit = m.runSlice(1000);
        assertEquals(1, handled);
        assertEquals(ExitKind.BUDGET, exit.kind());
        assertEquals(start + 10, cpu.instructionsRetired(), "the slice ended at the event");
        assertEquals(1, fired);
    }

    @Test
    void aRunTheHandlerEndsLeavesWhatItArmedForAfterTheNextInstruction() {
        m.setTrapHandler(vector -> {
            handled++;
            timer.after(0); // due at once, as an event armed by a kernel call could be
            return 0;
        });
        long start = cpu.instructionsRetired();
        Exit exit = m.runSlice(1000);
        assertEquals(ExitKind.BUDGET, exit.kind());
        assertEquals(start + 3, cpu.instructionsRetired(), "the run ended with the INT");
        assertEquals(0, fired, "as after an exit, the event waits for the next slice");
        m.runSlice(1000);
        assertEquals(start + 4, cpu.instructionsRetired(), "the next slice ran one instruction");
        assertEquals(1, fired);
    }

    @Test
    void withoutAHandlerTheTrapLeavesTheLoop() {
        Exit exit = m.runSlice(1000);
        assertEquals(ExitKind.SOFTWARE_INTERRUPT, exit.kind());
        assertEquals(0x21, exit.vector());
        assertFalse(timer.armed());
        assertTrue(cpu.instructionsRetired() > 0);
    }
}
