package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;

/** The machine's run loop, driven by hand-assembled flat 32-bit code at 1 MiB. */
class PcMachineTest {
    private static final int CODE = 0x100000;

    private final ByteArrayOutputStream serial = new ByteArrayOutputStream();
    private final ByteArrayOutputStream debugcon = new ByteArrayOutputStream();
    private final List<Integer> postCodes = new ArrayList<>();

    private PcMachine machine(boolean withDebugcon, int... code) {
        PhysicalMemoryMap memory = new PhysicalMemoryMap(4 << 20);
        for (int i = 0; i < code.length; i++) {
            memory.write8(CODE + i, code[i]);
        }
        PcMachine m = new PcMachine(memory, new PcMachine.Config(serial, withDebugcon ? debugcon : null, postCodes::add));
        Cpu cpu = m.cpu();
        cpu.setControlRegister(0, 1);
        cpu.setSegment(Cpu.CS, 0x08, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
        for (int seg : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(seg, 0x10, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
        }
        cpu.setIdt(0, 0);
        cpu.setEflags(0x2);
        cpu.setRegister(Cpu.ESP, 0x90000);
        cpu.setEip(CODE);
        return m;
    }

    private static final int[] MOV_EDX_COM1 = {0xBA, 0xF8, 0x03, 0x00, 0x00};
    /** Waits for LSR.THRE (IN AL,DX from 0x3FD until bit 5), then points EDX back at THR; keeps AL. */
    private static final int[] WAIT_THRE = {0x88, 0xC3,                    // mov bl, al
            0xBA, 0xFD, 0x03, 0x00, 0x00,                                    // mov edx, 0x3FD
            0xEC, 0xA8, 0x20, 0x74, 0xFB,                                    // in al,dx; test al,0x20; jz -5
            0xBA, 0xF8, 0x03, 0x00, 0x00, 0x88, 0xD8};                       // mov edx, 0x3F8; mov al, bl

    @Test
    void isaDebugExitStopsTheMachineAndNothingAfterItIsSeen() {
        int[] code = concat(MOV_EDX_COM1,
                new int[] {0xB0, 'h', 0xEE},                             // "hi" to COM1
                WAIT_THRE, new int[] {0xB0, 'i', 0xEE},
                new int[] {0xB0, 'd', 0xE6, 0xE9},                       // 'd' to 0xE9
                new int[] {0xB0, 0x42, 0xE6, 0x80},                      // POST 0x42
                new int[] {0xB0, 0x07, 0xE6, 0xF4},                      // isa-debug-exit 7
                new int[] {0xB0, 'X', 0xEE, 0xE6, 0xE9},                 // must not appear
                new int[] {0xEB, 0xFE});
        RunResult r = machine(true, code).run(Duration.ofSeconds(30));
        assertEquals(RunResult.Outcome.POWER_OFF, r.outcome());
        assertEquals(15, r.exitStatus());
        assertEquals("hi", serial.toString());
        assertEquals("d", debugcon.toString());
        assertEquals(List.of(0x42), postCodes);
    }

    @Test
    void acpiSoftOffExitsWithZero() {
        int[] code = concat(new int[] {0x66, 0xBA, 0x04, 0x06, 0x66, 0xB8, 0x00, 0x20, 0x66, 0xEF}, // OUTW 0x604
                MOV_EDX_COM1, new int[] {0xB0, 'X', 0xEE, 0xEB, 0xFE});                          // must not appear
        RunResult r = machine(true, code).run(Duration.ofSeconds(30));
        assertEquals(RunResult.Outcome.POWER_OFF, r.outcome());
        assertEquals(0, r.exitStatus());
        assertEquals("", serial.toString());
    }

    @Test
    void hltWithInterruptsOffStopsAtOnce() {
        RunResult r = machine(true, 0xFA, 0xF4, 0xEB, 0xFE).run(null);
        assertEquals(RunResult.Outcome.HALTED_INTERRUPTS_OFF, r.outcome());
        assertEquals(CODE + 2, r.eip());
        assertEquals(2, r.instructions());
    }

    @Test
    void hltWithInterruptsOnStopsTooWhileNothingCanInterrupt() {
        RunResult r = machine(true, 0xFB, 0xF4, 0xEB, 0xFE).run(null);
        assertEquals(RunResult.Outcome.HALTED_NO_INTERRUPT_SOURCE, r.outcome());
    }

    @Test
    void anExceptionWithNoIdtIsATripleFault() {
        RunResult r = machine(true, 0xCC).run(Duration.ofSeconds(30));   // INT3, IDTR limit 0
        assertEquals(RunResult.Outcome.TRIPLE_FAULT, r.outcome());
    }

    @Test
    void aSpinningGuestTimesOut() {
        long start = System.nanoTime();
        RunResult r = machine(true, 0xEB, 0xFE).run(Duration.ofMillis(200));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(RunResult.Outcome.TIMEOUT, r.outcome());
        assertTrue(elapsedMs >= 200 && elapsedMs < 10_000, "stopped after " + elapsedMs + " ms");
        assertTrue(r.instructions() >= PcMachine.SLICE, "ran " + r.instructions());
    }

    @Test
    void withoutDebugconPortE9IsUnclaimed() {
        PcMachine m = machine(false, 0xE4, 0xE9, 0xFA, 0xF4);          // IN AL, 0xE9
        m.run(null);
        assertEquals(0xFF, m.cpu().register(Cpu.EAX) & 0xFF);
        PcMachine withPort = machine(true, 0xE4, 0xE9, 0xFA, 0xF4);
        withPort.run(null);
        assertEquals(0xE9, withPort.cpu().register(Cpu.EAX) & 0xFF);
    }

    @Test
    void theRealModeResetVectorRunsFromRom() {
        PhysicalMemoryMap memory = new PhysicalMemoryMap(2 << 20);
        byte[] rom = new byte[0x10000];
        int[] code = {0xB0, 0x55, 0xE6, 0x80, 0xB0, 0x01, 0xE6, 0xF4, 0xEB, 0xFE}; // 16-bit code
        for (int i = 0; i < code.length; i++) {
            rom[0xFFF0 + i] = (byte) code[i];
        }
        memory.mapRom("rom", 0xFFFF0000, rom, 0, rom.length);
        PcMachine m = new PcMachine(memory, new PcMachine.Config(serial, null, postCodes::add));
        RunResult r = m.run(Duration.ofSeconds(30));
        assertEquals(RunResult.Outcome.POWER_OFF, r.outcome());
        assertEquals(3, r.exitStatus());
        assertEquals(List.of(0x55), postCodes);
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void aSafePointListenerSetsEachSliceBudgetAndSeesEveryExit() {
        // inc eax, forever: the listener lets 3 slices of 1 instruction run, then powers off.
        PcMachine m = machine(false, concat(new int[] {0x40, 0xEB, 0xFD}));
        List<Long> retired = new ArrayList<>();
        m.setSafePointListener(new SafePointListener() {
            @Override
            public long beforeSlice(long budget) {
                retired.add(m.cpu().instructionsRetired());
                if (retired.size() == 4) {
                    m.io().out(PowerControl.PM1A_CONTROL_PORT, 2, 0x2000);
                }
                return 1;
            }

            @Override
            public boolean afterSlice(org.minixemu.cpu.Exit exit) {
                return false;
            }
        });
        RunResult r = m.run(Duration.ofSeconds(30));
        assertEquals(RunResult.Outcome.POWER_OFF, r.outcome());
        assertEquals(List.of(0L, 1L, 2L, 3L), retired);
    }
}
