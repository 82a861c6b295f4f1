package org.minixemu.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 and 4 of the debugger issue on the system that exists today: the console server
 * answers ps, ipc, crash and the rest for the kernel tasks and the boot processes of an image
 * (ping, pong, a stand-in signal manager and a sleeper it manages), and bad input gets usage
 * help while the machine keeps running. The machine starts stopped and moves only by
 * {@code step N}, so every answer is repeatable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleServerTest {
    @TempDir
    Path dir;

    private DebuggedSystem boot(int rounds) {
        return DebuggedSystem.boot(dir, DebuggedSystem.PING_PONG_KEEPER.replace("COUNT", String.valueOf(rounds)), true,
                List.of(), "keeper", "sleeper", "ping", "pong");
    }

    /** Steps {@code n} instructions and waits for the stop. */
    private static void step(ConsoleClient c, int n) throws IOException {
        String answer = c.send("step " + n);
        assertTrue(answer.matches("step done: \\w+ at 0x[0-9a-f]{8}\n"), answer);
    }

    @Test
    void psListsKernelTasksAndBootProcessesWithTheirStatesInWords() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            step(c, 200_000);
            String ps = c.send("ps");
            assertTrue(ps.startsWith(" SLOT ENDPOINT  GEN LABEL"), ps);
            for (String task : new String[] {"clock", "system", "kernel"}) {
                assertTrue(ps.lines().anyMatch(l -> l.contains(" " + task + " ") && l.contains("kernel task")), ps);
            }
            assertTrue(row(ps, "keeper").contains("receiving from ANY"), ps);
            assertTrue(row(ps, "hello").contains("receiving from system"), ps);
            assertTrue(row(ps, "hello").matches("\\s+1\\s+1\\s+0 hello .*keeper.*"), ps);
            assertTrue(row(ps, "ping").matches("\\s+2\\s+2\\s+0 ping .*"), ps);
            // One of the two is waiting for the other at any moment between their slices.
            assertTrue(row(ps, "ping").contains("pong") || row(ps, "pong").contains("ping"), ps);
        }
    }

    @Test
    void ipcShowsThePingPongExchangeDecoded() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("no messages delivered yet\n", c.send("ipc"));
            step(c, 30_000);
            List<String> lines = c.send("ipc 1000").lines().toList();
            // Round 0's request: payload byte i is 13 i, so i1 (bytes 0-3) is 0x271a0d00.
            assertTrue(lines.get(0).matches("#1 \\d\\.\\d{6}s ping -> pong SENDREC type 0x7001 i1=656018688 .*"),
                    lines.get(0));
            // pong's answer: every byte inverted and xored with its index (0xff, 0xf3, 0xe7, 0xdb).
            assertTrue(lines.get(1).matches("#2 .* pong -> ping SEND type 0x7002 i1=-605555713 .*"), lines.get(1));
            assertEquals(2, c.send("ipc 2").lines().count());
        }
    }

    @Test
    void ipcFollowStreamsNewMessagesUntilALineIsSent() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            step(c, 1000);
            c.sendOnly("ipc -f 1");
            c.until("(following; press Enter to stop)\n");
            try (ConsoleClient other = new ConsoleClient(server.port())) {
                step(other, 20_000);
            }
            String followed = c.until("#5 ");
            assertTrue(followed.contains("ping -> pong SENDREC"), followed);
            c.sendOnly("");
            c.until("(stopped following)\n");
        }
    }

    @Test
    void crashRaisesTheSignalThroughTheKernelAndTheSignalManagerGetsIt() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            step(c, 100_000);
            assertEquals("SIGSEGV sent to hello (endpoint 1); its signal manager keeper is told\n", c.send("crash hello"));
            assertTrue(row(c.send("ps"), "hello").contains("held for its signal manager"));
            step(c, 100_000);
            assertTrue(sys.console().contains("keeper: hello got signal 11"), sys.console());
            String ipc = c.send("ipc 1000");
            assertTrue(ipc.contains("system -> keeper NOTIFY NOTIFY_MESSAGE arg=0x"), ipc);
            // The manager let it run on: same slot, same generation, back in its receive.
            assertTrue(row(c.send("ps"), "hello").matches("\\s+1\\s+1\\s+0 hello\\s+receiving from system.*"));
        }
    }

    @Test
    void procMemPtAndGrantsDescribeOneProcess() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            step(c, 50_000);
            String proc = c.send("proc ping");
            assertTrue(proc.startsWith("ping: slot 2, endpoint 2, generation 0, "), proc);
            assertTrue(proc.contains("kernel calls: ") && proc.contains("ABORT"), proc);
            assertTrue(proc.contains("may send to: ") && proc.contains("pong"), proc);
            assertTrue(proc.contains("next: "), proc);
            String pt = c.send("pt ping");
            assertTrue(pt.lines().anyMatch(l -> l.startsWith("08048000-") && l.endsWith(" r-")), pt);
            // The ELF header is the first thing mapped: 0x7f 'E' 'L' 'F'.
            String mem = c.send("mem ping 0x08048000 16");
            assertTrue(mem.startsWith("08048000  7f 45 4c 46 "), mem);
            assertEquals("ping has no grant table\n", c.send("grants ping"));
            String stats = c.send("stats");
            assertTrue(stats.contains("messages "), stats);
            String dev = c.send("dev pit");
            assertTrue(dev.startsWith("PIT"), dev);
            String irq = c.send("irq");
            assertTrue(irq.startsWith("no IRQ hooks"), irq);
        }
    }

    @Test
    void breakStopsTheProcessAtTheAddressAndContinuesPastIt() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            step(c, 50_000);
            String proc = c.send("proc pong");
            // pong is blocked in its receive: the instruction after its int 0x21 comes again every round.
            String eip = proc.lines().filter(l -> l.startsWith("eip ")).findFirst().orElseThrow().substring(4, 12);
            assertEquals("breakpoint 1: pong 0x" + eip + "\n", c.send("break pong 0x" + eip));
            // The stop may overtake the answer to cont: both arrive, in either order.
            String hit = c.send("cont");
            hit += hit.contains("breakpoint:") ? "" : c.until("\n");
            assertTrue(hit.contains("continuing\n") && hit.contains("breakpoint: pong at 0x" + eip + "\n"), hit);
            assertTrue(c.send("proc pong").contains("eip " + eip));
            String byteThere = c.send("mem pong 0x" + eip + " 1");
            assertTrue(byteThere.startsWith(eip + "  ") && !byteThere.contains(" cc "), "INT3 hidden: " + byteThere);
            hit = c.send("cont");
            hit += hit.contains("breakpoint:") ? "" : c.until("\n");
            assertTrue(hit.contains("breakpoint: pong at 0x" + eip + "\n"), "the next round hits it again: " + hit);
            assertEquals("deleted\n", c.send("delete 1"));
            assertEquals("no breakpoints\n", c.send("break"));
            step(c, 10_000);
            assertTrue(sys.console().isEmpty() || !sys.console().contains("killed"), sys.console());
        }
    }

    @Test
    void badInputGetsUsageHelpAndASecondStopIsHarmless() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                ConsoleClient c = new ConsoleClient(server.port())) {
            assertEquals("unknown command 'frobnicate'; 'help' lists the commands\n", c.send("frobnicate 1 2"));
            assertEquals("usage: mem SLOT|LABEL ADDR [LEN]\n  hex dump of LEN bytes (default 64, at most 4096) through the"
                    + " process's page tables\n", c.send("mem"));
            assertTrue(c.send("mem ping zz").startsWith("mem: 'zz' is not an address"));
            assertTrue(c.send("mem ping 0x08048000 999999").startsWith("mem: LEN must be 1 to 4096"));
            assertEquals("proc: no process 'nobody' ('ps' lists them)\n", c.send("proc nobody"));
            assertTrue(c.send("step -3").startsWith("usage: step [N]"));
            assertTrue(c.send("crash ping SIGNOPE").startsWith("crash: no signal 'SIGNOPE'"));
            assertTrue(c.send("ps extra").startsWith("usage: ps"));
            assertTrue(c.send("help mem").startsWith("usage: mem "));
            String first = c.send("stop");
            assertTrue(first.startsWith("already stopped"), first);
            assertEquals(first, c.send("stop"));
            step(c, 1000);
        }
    }

    @Test
    void garbageClosesThatConnectionAndTheMachineGoesOn() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = s.getOutputStream();
                byte[] junk = new byte[ConsoleServer.MAX_LINE + 100];
                for (int i = 0; i < junk.length; i++) {
                    int b = (i * 31 + 7) & 0xFF;
                    junk[i] = (byte) (b == '\n' ? 0 : b);
                }
                out.write(junk);
                out.flush();
                InputStream in = s.getInputStream();
                String greeting = new String(in.readNBytes(ConsoleServer.PROMPT.length() + 54), StandardCharsets.UTF_8);
                assertTrue(greeting.startsWith("minix-emu debugger console"), greeting);
                assertEquals(-1, in.read(), "the server hung up");
            }
            try (ConsoleClient c = new ConsoleClient(server.port())) {
                step(c, 20_000);
                assertTrue(c.send("ipc 1").contains(" -> "), "the machine ran after the garbage");
            }
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotStallTheMachine() throws Exception {
        try (DebuggedSystem sys = boot(1_000_000); ConsoleServer server = new ConsoleServer(sys.debugger, 0);
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port());
                ConsoleClient c = new ConsoleClient(server.port())) {
            silent.setReceiveBufferSize(1024);
            silent.getOutputStream().write("ipc -f\n".getBytes(StandardCharsets.UTF_8));
            silent.getOutputStream().flush();
            // Thousands of followed messages go nowhere; the machine still steps to the end.
            for (int i = 0; i < 5; i++) {
                step(c, 400_000);
            }
            assertTrue(c.send("stats").contains("state stopped"));
        }
    }

    @Test
    void theServerListensOnTheLoopbackInterfaceOnly() throws Exception {
        try (DebuggedSystem sys = boot(10); ConsoleServer server = new ConsoleServer(sys.debugger, 0)) {
            java.net.ServerSocket probe = Loopback.listen(0);
            assertTrue(probe.getInetAddress().isLoopbackAddress());
            probe.close();
            assertTrue(server.address().isLoopbackAddress(), server.address().toString());
        }
    }

    private static String row(String ps, String label) {
        return ps.lines().filter(l -> l.matches("\\s*-?\\d+\\s+\\d+\\s+\\d+ " + label + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + label + " in\n" + ps));
    }
}
