package org.minixemu.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PhysicalMemoryMap;
import org.minixemu.devices.RunResult;

/**
 * The console of {@code minix-emu run} on a bare CPU: registers, disassembly, memory (linear and
 * physical), breakpoints, stop/cont/step, devices and stats; the MINIX commands are not there.
 * The machine starts stopped and moves only by {@code step} and {@code cont} to a breakpoint,
 * on the virtual clock, so every answer is repeatable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BareConsoleTest {
    private static final int CODE = 0x100000;
    /** inc eax; jmp back to it: forever. */
    private static final int[] LOOP = {0x40, 0xEB, 0xFD};

    /** A machine running LOOP at 1 MiB in flat 32-bit protected mode on its own thread, stopped. */
    private static final class Bare implements AutoCloseable {
        final PcMachine machine;
        final BareDebugController debugger;
        final Thread runner;
        volatile RunResult result;

        Bare(int... code) {
            PhysicalMemoryMap memory = new PhysicalMemoryMap(4 << 20);
            for (int i = 0; i < code.length; i++) {
                memory.write8(CODE + i, code[i]);
            }
            machine = new PcMachine(memory, new PcMachine.Config(new ByteArrayOutputStream(), null, null));
            Cpu cpu = machine.cpu();
            cpu.setControlRegister(0, 1);
            cpu.setSegment(Cpu.CS, 0x08, 0, 0xFFFFFFFF, Descriptor.FLAT_CODE32);
            for (int seg : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
                cpu.setSegment(seg, 0x10, 0, 0xFFFFFFFF, Descriptor.FLAT_DATA32);
            }
            cpu.setEflags(0x2);
            cpu.setRegister(Cpu.ESP, 0x90000);
            cpu.setEip(CODE);
            debugger = new BareDebugController(machine);
            debugger.startStopped();
            machine.setSafePointListener(debugger);
            // Clients connect once the machine has stopped, so none sees that first stop as news.
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            StopListener first = new StopListener() {
                @Override
                public void stopped(StopEvent event) {
                    stopped.countDown();
                }

                @Override
                public void ended(int status, String description) {
                    stopped.countDown();
                }
            };
            debugger.addListener(first);
            runner = new Thread(() -> {
                result = machine.run(Duration.ofMinutes(5));
                debugger.machineEnded(result.exitStatus(), result.outcome().toString());
            }, "bare-machine");
            runner.setDaemon(true);
            runner.start();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            debugger.removeListener(first);
        }

        @Override
        public void close() throws InterruptedException {
            if (runner.isAlive()) {
                debugger.requestPowerOff();
                runner.join(10_000);
            }
        }
    }

    @Test
    void regsDisAndMemShowTheStoppedCpu() throws Exception {
        try (Bare m = new Bare(LOOP); ConsoleServer server = new ConsoleServer(new BareCommands(m.debugger), 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            String regs = c.send("regs");
            assertTrue(regs.startsWith("eax 00000000  ecx 00000000"), regs);
            assertTrue(regs.contains("eip 00100000  eflags 00000002  cpl 0\n"), regs);
            assertTrue(regs.contains("cs 0008 base 00000000 limit ffffffff\n"), regs);
            assertTrue(regs.contains("next: 00100000: inc eax\n"), regs);
            String dis = c.send("dis 0x100000 2");
            assertTrue(dis.matches("00100000: inc eax\n00100001: jmp .*0x0*100000\n"), dis);
            assertEquals("00100000  40 eb fd                                         @..\n", c.send("mem 0x100000 3"));
            assertEquals("00100000  40 eb fd                                         @..\n", c.send("mem -p 0x100000 3"));
        }
    }

    @Test
    void stepRunsExactlyNInstructionsAndAStoppedMachineKeepsItsGuestTime() throws Exception {
        try (Bare m = new Bare(LOOP); ConsoleServer server = new ConsoleServer(new BareCommands(m.debugger), 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("step done at 0x00100001\n", c.send("step 3"));
            assertTrue(c.send("regs").startsWith("eax 00000002 "), "two INCs in three instructions");
            String before = c.send("stats");
            assertTrue(before.startsWith("instructions 3\n") && before.contains("\nstate stopped\n"), before);
            String guestTime = before.lines().filter(l -> l.startsWith("guest time")).findFirst().orElseThrow();
            c.send("regs"); // the machine thread answers, and still does not run
            assertTrue(c.send("stats").contains(guestTime + "\n"), "guest time stands still while stopped");
            assertEquals("step done at 0x00100000\n", c.send("step 100001"));
        }
    }

    @Test
    void aBreakpointStopsAtItsAddressHidesItsInt3AndIsHitAgainAfterCont() throws Exception {
        try (Bare m = new Bare(LOOP); ConsoleServer server = new ConsoleServer(new BareCommands(m.debugger), 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("breakpoint 1: 0x00100001\n", c.send("break 0x100001"));
            String hit = c.send("cont");
            hit += hit.contains("breakpoint at") ? "" : c.until("\n");
            assertTrue(hit.contains("continuing\n") && hit.contains("breakpoint at 0x00100001\n"), hit);
            assertTrue(c.send("regs").contains("eip 00100001 "));
            assertTrue(c.send("mem 0x100001 1").startsWith("00100001  eb "), "the guest's byte, not INT3");
            hit = c.send("cont");
            hit += hit.contains("breakpoint at") ? "" : c.until("\n");
            assertTrue(hit.contains("breakpoint at 0x00100001\n"), hit);
            assertTrue(c.send("regs").startsWith("eax 00000002 "), "one more round, no more: " + hit);
            assertEquals("1: 0x00100001\n", c.send("break"));
            assertEquals("deleted\n", c.send("delete 1"));
            assertEquals("step done at 0x00100000\n", c.send("step 1"), "the jmp under the deleted breakpoint runs");
        }
    }

    @Test
    void badInputGetsUsageHelpAndTheMinixCommandsAreNotThere() throws Exception {
        try (Bare m = new Bare(LOOP); ConsoleServer server = new ConsoleServer(new BareCommands(m.debugger), 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("unknown command 'ps'; 'help' lists the commands\n", c.send("ps"));
            assertTrue(c.send("regs now").startsWith("usage: regs\n"));
            assertTrue(c.send("mem").startsWith("usage: mem [-p] ADDR [LEN]"));
            assertTrue(c.send("mem zz").startsWith("mem: 'zz' is not an address"));
            assertTrue(c.send("mem 0 99999").startsWith("mem: LEN must be 1 to 4096"));
            assertTrue(c.send("mem -p 0xffffffff 2").startsWith("mem: the range passes 4 GiB"));
            assertTrue(c.send("dis 0x100000 0").startsWith("dis: N must be 1 to 64"));
            assertTrue(c.send("break 1 2").startsWith("usage: break [ADDR]"));
            assertEquals("no breakpoint 7\n", c.send("delete 7"));
            assertTrue(c.send("step x").startsWith("step: 'x' is not a number"));
            String first = c.send("stop");
            assertTrue(first.startsWith("already stopped"), first);
            assertEquals(first, c.send("stop"));
            assertTrue(c.send("dev com1").startsWith("COM1:"));
            String help = c.send("help");
            assertTrue(help.contains("regs") && help.contains("dis [ADDR] [N]") && !help.contains("ps "), help);
            assertEquals("step done at 0x00100001\n", c.send("step"));
        }
    }

    @Test
    void theMachineRunsOnAfterContAndPowersOffCleanly() throws Exception {
        Bare m = new Bare(LOOP);
        try (ConsoleServer server = new ConsoleServer(new BareCommands(m.debugger), 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("continuing\n", c.send("cont"));
            assertEquals("already running\n", c.send("cont"));
        }
        m.close();
        assertEquals(RunResult.Outcome.POWER_OFF, m.result.outcome());
        assertTrue(server(m));
    }

    private static boolean server(Bare m) {
        return m.debugger.isFinished();
    }
}
