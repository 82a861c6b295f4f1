package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/** The capture file format, byte for byte, and (when installed) tshark's reading of it. */
class PcapWriterTest {
    private static final byte[] GLOBAL_HEADER = bytes(
            0xD4, 0xC3, 0xB2, 0xA1, // magic 0xA1B2C3D4, little-endian
            0x02, 0x00, 0x04, 0x00, // version 2.4
            0, 0, 0, 0, // thiszone
            0, 0, 0, 0, // sigfigs
            0xFF, 0xFF, 0x00, 0x00, // snaplen 65535
            0x01, 0x00, 0x00, 0x00); // LINKTYPE_ETHERNET

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void globalHeaderAndRecordsAreExact() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter pcap = new PcapWriter(out, "test");
        assertArrayEquals(GLOBAL_HEADER, out.toByteArray(), "the header is written at once");
        pcap.record(1_234_567_891_999L, new byte[] {10, 20, 30}, 3);
        pcap.record(5_000L, new byte[] {40}, 1);
        pcap.close();
        byte[] expected = concat(GLOBAL_HEADER,
                bytes(0xD2, 0x04, 0, 0, // 1234 s
                        0x53, 0xAA, 0x08, 0x00, // 567891 us (the nanoseconds below a microsecond are cut)
                        3, 0, 0, 0, 3, 0, 0, 0, // captured and original length
                        10, 20, 30),
                bytes(0, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 40));
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(2, pcap.records());
    }

    @Test
    void framesLongerThanTheSnapshotLengthAreCut() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter pcap = new PcapWriter(out, "test");
        pcap.record(0, new byte[70_000], 70_000);
        byte[] b = out.toByteArray();
        assertEquals(24 + 16 + 65_535, b.length);
        assertArrayEquals(bytes(0xFF, 0xFF, 0, 0, 0x70, 0x11, 0x01, 0), Arrays.copyOfRange(b, 32, 40));
    }

    @Test
    void aHostWriteErrorEndsTheCaptureQuietly() throws IOException {
        int[] writes = {0};
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes[0] > 1) {
                    throw new IOException("disk full");
                }
            }
        };
        PcapWriter pcap = new PcapWriter(failing, "full.pcap");
        pcap.record(0, new byte[60], 60);
        pcap.record(0, new byte[60], 60);
        assertEquals(0, pcap.records());
        assertEquals(2, writes[0], "nothing more is tried after the failure");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** An ARP request from {@code mac} for 10.0.2.2, 42 bytes. */
    static byte[] arpRequest(MacAddress mac) {
        byte[] f = new byte[42];
        Arrays.fill(f, 0, 6, (byte) 0xFF);
        System.arraycopy(mac.toBytes(), 0, f, 6, 6);
        byte[] rest = bytes(0x08, 0x06, // ARP
                0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01); // Ethernet, IPv4, request
        System.arraycopy(rest, 0, f, 12, rest.length);
        System.arraycopy(mac.toBytes(), 0, f, 22, 6);
        System.arraycopy(bytes(10, 0, 2, 15), 0, f, 28, 4);
        System.arraycopy(bytes(10, 0, 2, 2), 0, f, 38, 4);
        return f;
    }

    @Test
    void tsharkDecodesACaptureOfTheCard(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ne2000.pcap");
        NicHarness.FakeBackend wire = new NicHarness.FakeBackend();
        PcapWriter pcap = PcapWriter.create(file);
        NicHarness card = new NicHarness(clock -> new CapturingBackend(wire, pcap, clock), NicHarness.MAC);
        card.init(Dp8390.RCR_AB);
        card.advance(1_000_000_000);
        card.transmit(arpRequest(NicHarness.MAC)); // 42 bytes, padded to 60; done 57.6 us later
        card.advance(NicHarness.wireNanos(60));
        card.advance(500_000_000);
        byte[] reply = arpRequest(NicHarness.OTHER);
        reply[21] = 2; // a reply, to us
        System.arraycopy(NicHarness.MAC.toBytes(), 0, reply, 0, 6);
        System.arraycopy(NicHarness.MAC.toBytes(), 0, reply, 32, 6);
        wire.incoming.add(Arrays.copyOf(reply, 60));
        card.nic.pollHost();
        card.nic.close();

        assertEquals(24 + 2 * (16 + 60), Files.size(file));
        List<String> lines = tshark(file, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "arp.opcode");
        assertEquals(List.of("1.000057000\t60\t1", "1.500057000\t60\t2"), lines);
        List<String> summary = tshark(file);
        assertEquals(2, summary.size());
        assertTrue(summary.get(0).contains("Who has 10.0.2.2"), summary.get(0));
    }

    /** Runs tshark on {@code file}; skips the test when tshark is not installed (fails under CI=true). */
    static List<String> tshark(Path file, String... options) throws Exception {
        String[] command = new String[3 + options.length];
        command[0] = "tshark";
        command[1] = "-r";
        command[2] = file.toString();
        System.arraycopy(options, 0, command, 3, options.length);
        Requirements.requireTool("tshark", "apt-get install tshark; the capture was not decoded");
        Processes.Result r = Processes.run(new ProcessBuilder(command), Duration.ofSeconds(60));
        assertEquals(0, r.status(), "tshark -r " + file + " failed: " + r.stderr());
        String text = r.stdout().strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
