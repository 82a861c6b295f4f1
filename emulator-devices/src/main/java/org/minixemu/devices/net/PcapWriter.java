package org.minixemu.devices.net;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a classic libpcap capture file: the 24-byte global header (magic 0xA1B2C3D4 written
 * little-endian, version 2.4, time zone 0, accuracy 0, snapshot length 65535, link type 1
 * Ethernet), then per frame a 16-byte record header (seconds, microseconds, captured length,
 * original length) and the frame. Timestamps are guest time from the virtual clock, so the same
 * run gives the same file byte for byte.
 *
 * <p>Every record is flushed, so a capture is readable while the machine runs. A host write
 * error is logged once and ends the capture; the guest never sees it.
 */
public final class PcapWriter implements Closeable {
    public static final int MAGIC = 0xA1B2C3D4;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    public static final int SNAPLEN = 65535;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int GLOBAL_HEADER_BYTES = 24;
    public static final int RECORD_HEADER_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(PcapWriter.class);

    private final OutputStream out;
    private final String name;
    private final byte[] header = new byte[RECORD_HEADER_BYTES];
    private boolean failed;
    private long records;

    /**
     * Starts a capture on {@code out} (writing the global header now).
     *
     * @param name the file's name, for the log
     */
    public PcapWriter(OutputStream out, String name) throws IOException {
        this.out = out;
        this.name = name;
        byte[] global = new byte[GLOBAL_HEADER_BYTES];
        putInt(global, 0, MAGIC);
        putShort(global, 4, VERSION_MAJOR);
        putShort(global, 6, VERSION_MINOR);
        putInt(global, 8, 0); // thiszone: timestamps are UTC
        putInt(global, 12, 0); // sigfigs
        putInt(global, 16, SNAPLEN);
        putInt(global, 20, LINKTYPE_ETHERNET);
        out.write(global);
        out.flush();
    }

    /** Creates (or truncates) {@code file} and starts a capture in it. */
    public static PcapWriter create(Path file) throws IOException {
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file));
        try {
            return new PcapWriter(stream, file.toString());
        } catch (IOException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Appends one frame seen at guest time {@code nanos}: the first {@code length} bytes of
     * {@code frame} (at most {@link #SNAPLEN} of them are kept).
     */
    public void record(long nanos, byte[] frame, int length) {
        if (failed) {
            return;
        }
        int captured = Math.min(length, SNAPLEN);
        putInt(header, 0, (int) (nanos / 1_000_000_000L));
        putInt(header, 4, (int) (nanos % 1_000_000_000L / 1_000L));
        putInt(header, 8, captured);
        putInt(header, 12, length);
        try {
            out.write(header);
            out.write(frame, 0, captured);
            out.flush();
            records++;
        } catch (IOException e) {
            failed = true;
            LOG.warn("{}: writing the capture failed ({}); no more frames are recorded", name, e.getMessage());
        }
    }

    /** Frames recorded so far. */
    public long records() {
        return records;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("{}: could not finish writing the capture: {}", name, e.getMessage());
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }
}
