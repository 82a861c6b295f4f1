package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.inspect.KernelObserver;

/**
 * IPC and kernel-call traps handled inside the CPU loop (Kernel.trapInLoop): a round trip
 * between two processes hands the CPU from one to the other without an exit from Cpu.run, yet
 * device events (the clock's ticks), interrupts and preemption happen exactly when they did
 * with an exit at every trap -- which an attached observer still forces, so the two paths can
 * be compared run for run.
 */
class TrapsInLoopTest {
    /** A do-nothing observer: the kernel then leaves the CPU loop at every trap, as it used to. */
    private static final KernelObserver EXIT_AT_EVERY_TRAP = new KernelObserver() {
    };

    @TempDir
    Path dir;

    private static String ipcbench(int hz, String mode, int count) {
        return """
                hz %d
                process client {
                    program ipcbench.elf
                    args client @server %s %d
                    ipc server
                    system ABORT
                }
                process server {
                    program ipcbench.elf
                    args server
                    ipc client
                    system SAFECOPYFROM
                }
                """.formatted(hz, mode, count);
    }

    private GuestSystem.Run boot(String name, String config, KernelObserver observer, String... programs)
            throws Exception {
        GuestSystem system = new GuestSystem(Files.createDirectories(dir.resolve(name))).config(config)
                .programs(programs);
        if (observer != null) {
            system.observer(observer);
        }
        GuestSystem.Run run = system.boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
        return run;
    }

    @Test
    void sendrecRoundTripsCompleteWithoutAnExitFromTheCpuLoop() throws Exception {
        GuestSystem.Run few = boot("few", ipcbench(60, "null", 1000), null, "ipcbench");
        GuestSystem.Run more = boot("more", ipcbench(60, "null", 2000), null, "ipcbench");
        long extraRuns = more.system().kernel().cpuRuns() - few.system().kernel().cpuRuns();
        long extraTraps = more.system().kernel().trapsInLoop() - few.system().kernel().trapsInLoop();
        // Each round trip: the client's SENDREC, the server's SEND of the answer and its RECEIVE.
        assertTrue(3 * 1000 - extraTraps <= 2, "of the extra round trips' 3,000 traps " + extraTraps
                + " stayed in the loop; only those met by a clock tick or a host service may leave");
        assertTrue(extraRuns <= 2, "1,000 more round trips (0.65 ms of guest time, no clock tick at 60 Hz) cost " + extraRuns
                + " more runs of the CPU: at most a host service's");
    }

    @Test
    void roundTripsGiveTheSameRunAsWithAnExitAtEveryTrap() throws Exception {
        // 20,000 round trips take 13 guest milliseconds: the clock ticks 13 times, and a
        // tick due at a trap must end the slice there, as the exit did.
        GuestSystem.Run inLoop = boot("in", ipcbench(1000, "null", 20000), null, "ipcbench");
        GuestSystem.Run exits = boot("out", ipcbench(1000, "null", 20000), EXIT_AT_EVERY_TRAP, "ipcbench");
        assertSameRun(inLoop, exits);
        long ticks = new KernelInspector(inLoop.system().kernel()).uptimeTicks();
        assertTrue(ticks >= 10, "the clock ticked during the round trips: " + ticks);
        assertTrue(inLoop.system().kernel().cpuRuns() > ticks, "every tick ended a run of the CPU");
        assertEquals(0, exits.system().kernel().trapsInLoop(), "an observer sees every exit");
    }

    @Test
    void preemptionAndInterruptsHappenAsWithAnExitAtEveryTrap() throws Exception {
        // The determinism workload: the canary's loop counts per clock interval and the fuzzer's
        // results depend on every preemption and every interrupt.
        String config = KernelFuzzTest.config(12345, 3000);
        GuestSystem.Run inLoop = boot("in", config, null, "canary", "kfuzz");
        GuestSystem.Run exits = boot("out", config, EXIT_AT_EVERY_TRAP, "canary", "kfuzz");
        assertTrue(inLoop.console().contains("loops per interval"), inLoop.console());
        assertTrue(inLoop.system().kernel().trapsInLoop() > 0);
        assertSameRun(inLoop, exits);
    }

    private static void assertSameRun(GuestSystem.Run a, GuestSystem.Run b) {
        assertEquals(b.console(), a.console());
        assertEquals(b.system().machine().cpu().instructionsRetired(), a.system().machine().cpu().instructionsRetired(),
                "instructions retired");
        assertEquals(b.system().machine().clock().nanos(), a.system().machine().clock().nanos(), "guest time");
        assertEquals(new KernelInspector(b.system().kernel()).uptimeTicks(),
                new KernelInspector(a.system().kernel()).uptimeTicks(), "clock ticks");
    }
}
