package org.minixemu.cli.debug;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.minixemu.kernel.inspect.ProcessSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GDB remote-protocol stub for the i386 on 127.0.0.1, one GDB at a time. Every process (not
 * the kernel tasks) is a GDB thread, id = slot + 1, named by its label ({@code qXfer:threads},
 * {@code qThreadExtraInfo}); registers and memory are those of GDB's selected thread, memory
 * through that process's own page tables.
 *
 * <p>Breakpoints ({@code Z0}) belong to the process that is GDB's selected thread when GDB
 * sets them (after a stop: the thread that stopped), because every program is linked at the
 * same addresses and the byte at that address in another process is other code. Single steps
 * ({@code s}) run one instruction of the thread GDB resumes; other processes may run meanwhile.
 * The machine is stopped when GDB connects and while GDB has it stopped; ^C stops it.
 */
public final class GdbStub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GdbStub.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final Object INTERRUPTED = new Object();

    private final DebugController debugger;
    private final ServerSocket server;
    private final Thread acceptor;

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public GdbStub(DebugController debugger, int port) throws IOException {
        this.debugger = debugger;
        this.server = Loopback.listen(port);
        this.acceptor = new Thread(this::acceptLoop, "gdb-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public java.net.InetAddress address() {
        return server.getInetAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                new Session(new GdbConnection(s.getInputStream(), s.getOutputStream())).run();
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (!server.isClosed()) {
                    LOG.debug("gdb session ended", e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One GDB connection: packets in, answers out, stop replies when the machine stops. */
    private final class Session implements StopListener {
        private final GdbConnection gdb;
        /** Packets, INTERRUPTED, StopEvents and Ended, in the order they happened. */
        private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private int generalThread;
        private int continueThread;
        private int stoppedThread = StopEvent.NO_PROCESS;
        private boolean running;
        private boolean interruptedByGdb;

        private record Ended(int status) {
        }

        Session(GdbConnection gdb) {
            this.gdb = gdb;
        }

        void run() throws IOException, InterruptedException {
            debugger.addListener(this);
            Thread reader = new Thread(() -> {
                try {
                    String p;
                    while ((p = gdb.read()) != null) {
                        inbox.add(p.equals(GdbConnection.INTERRUPT) ? INTERRUPTED : p);
                    }
                } catch (IOException e) {
                    LOG.debug("gdb connection closed", e);
                }
                inbox.add(this); // end of input
            }, "gdb-reader");
            reader.setDaemon(true);
            reader.start();
            debugger.requestStop(); // GDB expects a stopped target when it attaches
            try {
                while (true) {
                    Object item = inbox.take();
                    if (item == this) {
                        return;
                    }
                    if (item == INTERRUPTED) {
                        interruptedByGdb = true;
                        debugger.requestStop();
                    } else if (item instanceof StopEvent e) {
                        stoppedThread = e.slot();
                        if (running) {
                            running = false;
                            gdb.packet(stopReply(e));
                        }
                    } else if (item instanceof Ended end) {
                        gdb.packet(String.format("W%02x", end.status() & 0xFF));
                        return;
                    } else {
                        boolean more;
                        try {
                            more = handle((String) item);
                        } catch (RuntimeException malformed) {
                            // A packet we could not parse: an error reply, as the protocol has it.
                            LOG.debug("bad gdb packet {}", item, malformed);
                            gdb.packet("E01");
                            more = true;
                        }
                        if (!more) {
                            return;
                        }
                    }
                }
            } finally {
                debugger.removeListener(this);
                reader.interrupt();
            }
        }

        @Override
        public void stopped(StopEvent event) {
            inbox.add(event);
        }

        @Override
        public void ended(int status, String description) {
            inbox.add(new Ended(status));
        }

        /** Answers one packet; false to end the session. */
        private boolean handle(String p) throws IOException, InterruptedException {
            if (debugger.isFinished() && !p.startsWith("q")) {
                gdb.packet("W00");
                return false;
            }
            char c = p.isEmpty() ? ' ' : p.charAt(0);
            switch (c) {
                case '?' -> gdb.packet(debugger.call(() -> stopReply(currentStop())));
                case 'q' -> gdb.packet(query(p));
                case 'Q' -> {
                    if (p.equals("QStartNoAckMode")) {
                        gdb.packet("OK");
                        gdb.stopAcks();
                    } else {
                        gdb.packet("");
                    }
                }
                case 'H' -> {
                    int tid = threadId(p.substring(2));
                    if (p.charAt(1) == 'g') {
                        generalThread = tid;
                    } else {
                        continueThread = tid;
                    }
                    gdb.packet("OK");
                }
                case 'T' -> gdb.packet(debugger.call(() -> alive(threadId(p.substring(1))) ? "OK" : "E01"));
                case 'g' -> gdb.packet(debugger.call(this::registers));
                case 'G' -> gdb.packet(debugger.call(() -> writeRegisters(p.substring(1))));
                case 'P' -> gdb.packet(debugger.call(() -> writeRegister(p.substring(1))));
                case 'm' -> gdb.packet(debugger.call(() -> readMemory(p.substring(1))));
                case 'M' -> gdb.packet(debugger.call(() -> writeMemory(p.substring(1))));
                case 'Z', 'z' -> gdb.packet(debugger.call(() -> breakpoint(p)));
                case 'c' -> {
                    running = true;
                    debugger.call(debugger::resume);
                }
                case 's' -> {
                    running = true;
                    int slot = slotOf(continueThread);
                    debugger.call(() -> {
                        debugger.step(slot, 1);
                        return null;
                    });
                }
                case 'D' -> {
                    gdb.packet("OK");
                    debugger.call(debugger::resume);
                    return false;
                }
                case 'k' -> {
                    debugger.call(() -> {
                        debugger.powerOff();
                        return null;
                    });
                    return false;
                }
                default -> gdb.packet(""); // not supported: GDB falls back or says so
            }
            return true;
        }

        private String query(String p) throws InterruptedException {
            if (p.startsWith("qSupported")) {
                return "PacketSize=" + Integer.toHexString(GdbConnection.MAX_PACKET)
                        + ";qXfer:threads:read+;swbreak+;QStartNoAckMode+";
            }
            if (p.equals("qAttached")) {
                return "1";
            }
            if (p.equals("qC")) {
                return debugger.call(() -> "QC" + Integer.toHexString(slotOfStop() + 1));
            }
            if (p.equals("qfThreadInfo")) {
                return debugger.call(() -> {
                    StringBuilder ids = new StringBuilder("m");
                    for (ProcessSnapshot s : debugger.kernel().processes()) {
                        if (!s.kernelTask()) {
                            ids.append(ids.length() > 1 ? "," : "").append(Integer.toHexString(s.slot() + 1));
                        }
                    }
                    return ids.length() > 1 ? ids.toString() : "l";
                });
            }
            if (p.equals("qsThreadInfo")) {
                return "l";
            }
            if (p.startsWith("qThreadExtraInfo,")) {
                int slot = threadId(p.substring(17)) - 1;
                return debugger.call(() -> HEX.formatHex(debugger.kernel().process(slot)
                        .map(s -> s.label() + " (endpoint " + s.endpoint() + ", " + s.state() + ")").orElse("gone")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            if (p.startsWith("qXfer:threads:read::")) {
                String[] range = p.substring(20).split(",");
                int offset = Integer.parseInt(range[0], 16), length = Integer.parseInt(range[1], 16);
                String xml = debugger.call(this::threadsXml);
                if (offset >= xml.length()) {
                    return "l";
                }
                String part = xml.substring(offset, Math.min(xml.length(), offset + length));
                return (offset + length >= xml.length() ? "l" : "m") + part;
            }
            if (p.startsWith("qSymbol")) {
                return "OK";
            }
            return "";
        }

        private String threadsXml() {
            StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
            for (ProcessSnapshot s : debugger.kernel().processes()) {
                if (!s.kernelTask()) {
                    x.append(String.format("<thread id=\"%x\" name=\"%s\">%s</thread>%n", s.slot() + 1, s.label(),
                            s.state().replace("<", "").replace("&", "")));
                }
            }
            return x.append("</threads>\n").toString();
        }

        private String stopReply(StopEvent e) {
            int slot = e == null || e.slot() == StopEvent.NO_PROCESS ? firstProcess() : e.slot();
            stoppedThread = slot;
            String signal = e != null && e.reason() == StopEvent.Reason.REQUESTED && interruptedByGdb ? "02" : "05";
            interruptedByGdb = false;
            return "T" + signal + "thread:" + Integer.toHexString(slot + 1) + ";"
                    + (e != null && e.reason() == StopEvent.Reason.BREAKPOINT ? "swbreak:;" : "");
        }

        private StopEvent currentStop() {
            return debugger.lastStop();
        }

        private int firstProcess() {
            return debugger.kernel().processes().stream().filter(s -> !s.kernelTask()).findFirst()
                    .map(ProcessSnapshot::slot).orElse(0);
        }

        private int slotOfStop() {
            return stoppedThread == StopEvent.NO_PROCESS ? firstProcess() : stoppedThread;
        }

        /** The slot of a thread id; 0 and -1 (any, all) mean the thread that last stopped. */
        private int slotOf(int tid) {
            return tid <= 0 ? slotOfStop() : tid - 1;
        }

        private boolean alive(int tid) {
            return tid > 0 && debugger.kernel().process(tid - 1).map(s -> !s.kernelTask()).orElse(false);
        }

        private String registers() {
            ProcessSnapshot s = debugger.kernel().process(slotOf(generalThread)).orElse(null);
            if (s == null) {
                return "E01";
            }
            StringBuilder r = new StringBuilder();
            for (int v : s.registers()) {
                r.append(le32(v));
            }
            int[] sel = s.selectors();
            r.append(le32(s.eip())).append(le32(s.eflags()));
            // GDB's order: cs ss ds es fs gs; ours: es cs ss ds fs gs.
            for (int seg : new int[] {1, 2, 3, 0, 4, 5}) {
                r.append(le32(sel[seg]));
            }
            return r.toString();
        }

        private String writeRegisters(String hex) {
            int slot = slotOf(generalThread);
            for (int i = 0; i < 10 && (i + 1) * 8 <= hex.length(); i++) {
                debugger.kernel().setRegister(slot, i, fromLe32(hex.substring(i * 8, i * 8 + 8)));
            }
            return "OK";
        }

        private String writeRegister(String spec) {
            String[] kv = spec.split("=");
            int n = Integer.parseInt(kv[0], 16);
            if (n >= 10) {
                return "E01"; // segment registers are the kernel's
            }
            return debugger.kernel().setRegister(slotOf(generalThread), n, fromLe32(kv[1])) ? "OK" : "E01";
        }

        private String readMemory(String spec) {
            String[] a = spec.split(",");
            int address = (int) Long.parseLong(a[0], 16);
            int length = Math.min(Integer.parseInt(a[1], 16), GdbConnection.MAX_PACKET / 2);
            int slot = slotOf(generalThread);
            byte[] bytes = new byte[length];
            if (!debugger.kernel().read(slot, address, bytes)) {
                return "E14"; // EFAULT
            }
            debugger.breakpoints().hide(slot, address, bytes);
            return HEX.formatHex(bytes);
        }

        private String writeMemory(String spec) {
            int colon = spec.indexOf(':');
            String[] a = spec.substring(0, colon).split(",");
            byte[] bytes = HEX.parseHex(spec.substring(colon + 1));
            if (bytes.length != Integer.parseInt(a[1], 16)) {
                return "E01";
            }
            return debugger.kernel().write(slotOf(generalThread), (int) Long.parseLong(a[0], 16), bytes) ? "OK" : "E14";
        }

        private String breakpoint(String p) {
            String[] a = p.substring(1).split(",");
            if (!a[0].equals("0")) {
                return ""; // only software breakpoints
            }
            int address = (int) Long.parseLong(a[1], 16);
            int slot = slotOf(generalThread);
            if (p.charAt(0) == 'z') {
                debugger.breakpoints().remove(slot, address);
                return "OK";
            }
            ProcessSnapshot s = debugger.kernel().process(slot).orElse(null);
            return s != null && debugger.breakpoints().add(s, address) != null ? "OK" : "E14";
        }

        private int threadId(String text) {
            return text.equals("-1") ? -1 : (int) Long.parseLong(text, 16);
        }
    }

    private static String le32(int v) {
        return String.format("%02x%02x%02x%02x", v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, v >>> 24);
    }

    private static int fromLe32(String hex) {
        byte[] b = HEX.parseHex(hex);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }
}
