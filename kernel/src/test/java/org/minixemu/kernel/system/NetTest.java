package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.net.MacAddress;
import org.minixemu.devices.net.PcapWriter;
import org.minixemu.devices.net.UdpBackend;
import org.minixemu.kernel.KernelResult;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;

/**
 * Issue 15, the network: dp8390 on the NE2000, inet (ARP and ICMP echo) and ethping/nettest.
 * Machines are joined by the udp back end on 127.0.0.1 only; guest addresses are 192.0.2.0/24.
 *
 * <p>These are the only system tests on the realtime clock: on the virtual clock an idle machine
 * jumps straight to its next timer, so a ping would time out before the peer (another machine,
 * or this test) has even run. The guests' waits (sleep 8 for the peer to boot, ethping's 2 s per
 * reply) are generous; the test itself never asserts on speed, and its own waits are bounded
 * polls, far longer than a loaded machine needs.
 */
class NetTest {
    static final byte[] MAC_A = {0x52, 0x54, 0x00, 0x12, 0x34, 0x01};
    static final byte[] MAC_B = {0x52, 0x54, 0x00, 0x12, 0x34, 0x02};
    static final byte[] PEER_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, (byte) 0x99};
    static final byte[] IP_A = {(byte) 192, 0, 2, 1};
    static final byte[] PEER_IP = {(byte) 192, 0, 2, 99};
    static final Duration WALL = Duration.ofMinutes(6);
    static final String[] SERVERS = {"pm", "vm", "rs", "ds", "vfs", "inet"};
    static final String[] DRIVERS = {"memory", "tty", "dp8390"};
    static final String[] COMMANDS = {"init", "ifconfig", "ethping", "nettest", "sleep", "poweroff"};

    @TempDir
    Path dir;

    /** net-a.cfg or net-b.cfg of drivers/dp8390/test with init running {@code initArgs}. */
    private static String config(String name, String initArgs) {
        Path root = Path.of(System.getProperty("minixemu.root", ".."));
        try {
            return Files.readString(root.resolve("drivers/dp8390/test").resolve(name))
                    .replaceAll("(?m)^(\\s*args) (?!ip=).*$", "$1 " + initArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port on 127.0.0.1 that nothing listens on just now. */
    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** One machine from {@code cfg}, its NE2000 on udp:listen:127.0.0.1:peer, booted on a thread of its own. */
    private CompletableFuture<GuestSystem.Run> start(String name, String cfg, int listen, int peer, byte[] mac,
            Path pcap) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        UdpBackend backend = UdpBackend.open(listen, new InetSocketAddress(InetAddress.getLoopbackAddress(), peer),
                "udp:" + listen + ":127.0.0.1:" + peer);
        PcMachine.Nic nic = new PcMachine.Nic(backend, MacAddress.of(octets(mac)), 0x300, 9,
                pcap == null ? null : PcapWriter.create(pcap));
        GuestSystem system = new GuestSystem(folder).config(cfg).programsFrom("servers", SERVERS)
                .programsFrom("drivers", DRIVERS).programsFrom("commands", COMMANDS).nic(nic)
                .clock(ClockMode.REALTIME).guestLimit(Long.MAX_VALUE).wallLimit(WALL);
        CompletableFuture<GuestSystem.Run> run = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run.complete(system.boot());
            } catch (Throwable e) {
                run.completeExceptionally(e);
            }
        }, "machine " + name);
        t.setDaemon(true);
        t.start();
        return run;
    }

    private static int[] octets(byte[] b) {
        int[] o = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            o[i] = b[i] & 0xFF;
        }
        return o;
    }

    private static GuestSystem.Run finished(CompletableFuture<GuestSystem.Run> run) throws Exception {
        GuestSystem.Run r = run.get(WALL.toSeconds() + 60, TimeUnit.SECONDS);
        assertEquals(KernelResult.Outcome.POWER_OFF, r.result().outcome(), r.console());
        assertEquals(0, r.result().exitStatus(), r.console());
        return r;
    }

    private static List<String> lines(GuestSystem.Run run) {
        return run.console().lines().map(String::strip).toList();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoMachinesPingEachOtherAHundredTimesAndTheCapturesDecode() throws Exception {
        // Checked first: without tshark the minute the machines take would be for nothing.
        Requirements.requireTool("tshark", "apt-get install tshark; the test decodes the captures with it");
        int pa = freePort();
        int pb = freePort();
        Path pcapA = dir.resolve("a.pcap");
        Path pcapB = dir.resolve("b.pcap");
        String ping = "ifconfig sleep,8 ethping,-c,100,-i,0,-W,120,%s sleep,5 poweroff";
        CompletableFuture<GuestSystem.Run> a = start("a", config("net-a.cfg", String.format(ping, "192.0.2.2")), pa, pb,
                MAC_A, pcapA);
        CompletableFuture<GuestSystem.Run> b = start("b", config("net-b.cfg", String.format(ping, "192.0.2.1")), pb, pa,
                MAC_B, pcapB);
        GuestSystem.Run runA = finished(a);
        GuestSystem.Run runB = finished(b);
        for (GuestSystem.Run r : List.of(runA, runB)) {
            assertTrue(lines(r).contains("100 packets transmitted, 100 received, 0% packet loss"), r.console());
            assertTrue(r.console().contains("init: ethping exited with status 0"), r.console());
        }
        assertTrue(lines(runA).contains("eth0: inet 192.0.2.1 ether 52:54:00:12:34:01"), runA.console());
        assertTrue(lines(runB).contains("eth0: inet 192.0.2.2 ether 52:54:00:12:34:02"), runB.console());

        for (Path pcap : List.of(pcapA, pcapB)) {
            assertTrue(tshark(pcap, "frame").size() > 400, pcap + " decodes");
            List<String> arp = tshark(pcap, "arp");
            assertTrue(arp.stream().anyMatch(l -> l.contains("Who has 192.0.2.")), arp.toString());
            assertTrue(arp.stream().anyMatch(l -> l.matches(".*192\\.0\\.2\\.[12] is at 52:54:00:12:34:0[12].*")),
                    arp.toString());
            assertEquals(200, tshark(pcap, "icmp.type == 8").size(), pcap.toString());
            assertEquals(200, tshark(pcap, "icmp.type == 0 && icmp.resp_to").size(), pcap.toString());
            assertEquals(400, tshark(pcap, "ip.checksum.status == \"Good\" && icmp.checksum.status == \"Good\"").size(),
                    pcap.toString());
            assertEquals(0, tshark(pcap, BAD_CHECKSUM).size(), pcap.toString());
        }

        // The checksum check can fail: the same capture with one ICMP checksum byte flipped.
        Path mutated = dir.resolve("mutated.pcap");
        Files.write(mutated, flipFirstIcmpChecksum(Files.readAllBytes(pcapA)));
        assertEquals(1, tshark(mutated, BAD_CHECKSUM).size(), "tshark sees the flipped checksum");
    }

    private static final String BAD_CHECKSUM = "ip.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\"";

    /**
     * {@code pcap} (classic pcap, little-endian, Ethernet) with the first byte of the ICMP
     * checksum of its first IPv4/ICMP frame flipped.
     */
    static byte[] flipFirstIcmpChecksum(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0), "a little-endian pcap");
        for (int at = 24; at + 16 <= pcap.length; ) {
            int captured = b.getInt(at + 8);
            int frame = at + 16;
            if (captured >= 38 && (pcap[frame + 12] & 0xFF) == 0x08 && pcap[frame + 13] == 0 && pcap[frame + 23] == 1) {
                byte[] out = pcap.clone();
                out[frame + 36] ^= (byte) 0xFF;
                return out;
            }
            at = frame + captured;
        }
        throw new AssertionError("no ICMP frame in the capture");
    }

    /** The one-line summaries of the frames of {@code pcap} that {@code filter} selects (checksums checked). */
    private static List<String> tshark(Path pcap, String filter) throws IOException {
        Processes.Result r = Processes.run(new ProcessBuilder("tshark", "-r", pcap.toString(), "-o",
                "ip.check_checksum:TRUE", "-Y", filter), Duration.ofMinutes(2));
        assertEquals(0, r.status(), "tshark -r " + pcap + " -Y '" + filter + "': " + r.stderr());
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aPeerOnTheHostGetsAnArpAndAnEchoReplyWhileMalformedFramesAndAFloodAreCountedAndSurvived()
            throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int pa = freePort();
            InetSocketAddress machine = new InetSocketAddress(InetAddress.getLoopbackAddress(), pa);
            CompletableFuture<GuestSystem.Run> run = start("one", config("net-a.cfg",
                    "ifconfig sleep,20 ifconfig,-s poweroff"), pa, peer.getLocalPort(), MAC_A, null);

            // 1. ARP, once a second until the machine is up and answers.
            byte[] arpReply = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (arpReply == null && System.nanoTime() < deadline && !run.isDone()) {
                send(peer, machine, arpRequest(4));
                arpReply = receive(peer, 1000, f -> type(f) == 0x0806 && (f[20] << 8 | f[21] & 0xFF) == 2);
            }
            assertTrue(arpReply != null, "no ARP reply: " + (run.isDone() ? run.get().console() : "machine running"));
            assertArrayEquals(PEER_MAC, Arrays.copyOfRange(arpReply, 0, 6));
            assertArrayEquals(MAC_A, Arrays.copyOfRange(arpReply, 22, 28), "sender hardware address");
            assertArrayEquals(IP_A, Arrays.copyOfRange(arpReply, 28, 32), "sender protocol address");
            assertArrayEquals(PEER_IP, Arrays.copyOfRange(arpReply, 38, 42), "target protocol address");
            drain(peer);

            // 2. Three malformed frames: no IPv4 answer (inet counts them as drops: checked below).
            byte[] badIp = echoRequest(1);
            badIp[24] ^= 0x11;
            badIp[25] ^= 0x11;
            byte[] badIcmp = echoRequest(1);
            badIcmp[36] ^= 0x11;
            badIcmp[37] ^= 0x11;
            send(peer, machine, badIp);
            send(peer, machine, badIcmp);
            send(peer, machine, arpRequest(5));
            byte[] answer = receive(peer, 2000, f -> type(f) == 0x0800);
            assertEquals(null, answer, "a malformed echo request was answered");

            // 2b. A flood far larger than the receive ring (58 pages): frames inet ignores.
            byte[] flood = new byte[1000];
            Arrays.fill(flood, 0, 6, (byte) 0xFF);
            System.arraycopy(PEER_MAC, 0, flood, 6, 6);
            flood[12] = (byte) 0x88;
            flood[13] = (byte) 0xB5;
            for (int i = 0; i < 300; i++) {
                send(peer, machine, flood);
            }

            // The driver recovered and serves on: ARP again, once a second until answered (the
            // frames before the answer are the flood's end and the ring's recovery).
            byte[] again = null;
            deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (again == null && System.nanoTime() < deadline && !run.isDone()) {
                send(peer, machine, arpRequest(4));
                again = receive(peer, 1000, f -> type(f) == 0x0806 && (f[20] << 8 | f[21] & 0xFF) == 2);
            }
            assertTrue(again != null, "no ARP reply after the flood");
            drain(peer);

            // 3. An echo request (sent again only if unanswered for 5 s).
            byte[] request = echoRequest(1);
            byte[] reply = null;
            int requests = 0;
            while (reply == null && requests < 6 && !run.isDone()) {
                send(peer, machine, request);
                requests++;
                reply = receive(peer, 5000, f -> type(f) == 0x0800 && (f[23] & 0xFF) == 1);
            }
            assertTrue(reply != null, "no echo reply");
            assertArrayEquals(PEER_MAC, Arrays.copyOfRange(reply, 0, 6));
            assertArrayEquals(MAC_A, Arrays.copyOfRange(reply, 6, 12));
            assertEquals(0x45, reply[14] & 0xFF);
            assertEquals(0, checksum(reply, 14, 20), "IP header checksum");
            assertArrayEquals(IP_A, Arrays.copyOfRange(reply, 26, 30));
            assertArrayEquals(PEER_IP, Arrays.copyOfRange(reply, 30, 34));
            int total = (reply[16] & 0xFF) << 8 | reply[17] & 0xFF;
            assertEquals(84, total);
            assertEquals(0, reply[34], "ICMP type: echo reply");
            assertEquals(0, reply[35], "ICMP code");
            assertEquals(0, checksum(reply, 34, total - 20), "ICMP checksum");
            assertArrayEquals(Arrays.copyOfRange(request, 38, 34 + 64), Arrays.copyOfRange(reply, 38, 34 + 64),
                    "id, sequence and data come back");

            GuestSystem.Run r = finished(run);
            Matcher stats = Pattern.compile("(?m)^eth0: (\\d+) malformed frames dropped, (\\d+) echo requests answered,"
                    + " (\\d+) ARP requests answered").matcher(r.console());
            assertTrue(stats.find(), r.console());
            assertEquals(3, Integer.parseInt(stats.group(1)), stats.group());
            assertEquals(requests, Integer.parseInt(stats.group(2)), stats.group());
            assertTrue(Integer.parseInt(stats.group(3)) >= 2, stats.group());
            assertTrue(r.console().contains("dp8390: receive ring overflow 1: recovered"), r.console());
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void pingsGoOnWhileDp8390IsKilledAndEveryOneIsAnswered() throws Exception {
        int pa = freePort();
        int pb = freePort();
        CompletableFuture<GuestSystem.Run> a = start("a", config("net-a.cfg",
                "sleep,8 nettest,-k,-c,100,192.0.2.2 poweroff"), pa, pb, MAC_A, null);
        CompletableFuture<GuestSystem.Run> b = start("b", config("net-b.cfg",
                "ifconfig sleep,60 ifconfig,-s poweroff"), pb, pa, MAC_B, null);
        GuestSystem.Run runA = finished(a);
        finished(b);
        GuestTests.assertPassed(runA, "nettest");
        Matcher m = Pattern.compile("(?m)^(\\d+) of (\\d+) pings answered, (\\d+) resent; inet: .*, (\\d+) driver restarts,"
                + " (\\d+) frames resent").matcher(runA.console());
        assertTrue(m.find(), runA.console());
        assertEquals(m.group(2), m.group(1), m.group());
        assertTrue(Integer.parseInt(m.group(2)) >= 100, m.group());
        assertTrue(Integer.parseInt(m.group(4)) >= 2, "inet saw dp8390 restart: " + m.group());
        assertTrue(runA.console().contains("killer: dp8390 SIGKILLed (0)"), runA.console());
    }

    // Frames, as the host peer sends them (padded to 60 bytes).

    private static int type(byte[] f) {
        return f.length < 14 ? -1 : (f[12] & 0xFF) << 8 | f[13] & 0xFF;
    }

    private static byte[] arpRequest(int plen) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(PEER_MAC).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) plen).putShort((short) 1);
        b.put(PEER_MAC).put(PEER_IP).put(new byte[6]).put(IP_A);
        return b.array();
    }

    private static byte[] echoRequest(int seq) {
        byte[] f = new byte[14 + 84];
        ByteBuffer b = ByteBuffer.wrap(f);
        b.put(MAC_A).put(PEER_MAC).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 84).putShort((short) 7).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(PEER_IP).put(IP_A);
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 0x1234).putShort((short) seq);
        for (int i = 0; i < 56; i++) {
            b.put((byte) (0x20 + i));
        }
        int ip = checksum(f, 14, 20);
        f[24] = (byte) (ip >> 8);
        f[25] = (byte) ip;
        int icmp = checksum(f, 34, 64);
        f[36] = (byte) (icmp >> 8);
        f[37] = (byte) icmp;
        return f;
    }

    /** The Internet checksum of {@code length} bytes at {@code offset}: 0 when they hold a correct one. */
    static int checksum(byte[] f, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += (f[offset + i] & 0xFF) << 8 | (i + 1 < length ? f[offset + i + 1] & 0xFF : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static void send(DatagramSocket s, InetSocketAddress to, byte[] frame) throws IOException {
        s.send(new DatagramPacket(frame, frame.length, to));
    }

    /** The first frame within {@code millis} that {@code wanted} accepts (others are skipped), or null. */
    private static byte[] receive(DatagramSocket s, long millis, java.util.function.Predicate<byte[]> wanted)
            throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        byte[] buf = new byte[2048];
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            s.setSoTimeout((int) Math.max(1, left));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] f = Arrays.copyOf(p.getData(), p.getLength());
            if (wanted.test(f)) {
                return f;
            }
        }
        return null;
    }

    /** Skips what is still queued (late answers to the ARP requests sent while the machine booted). */
    private static void drain(DatagramSocket s) throws IOException {
        while (receive(s, 1000, f -> true) != null) {
            // skip it
        }
    }
}
