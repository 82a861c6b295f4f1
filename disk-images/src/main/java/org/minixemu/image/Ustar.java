package org.minixemu.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * POSIX ustar archives of regular files, the format of the boot partition.
 *
 * <p>Each file is a 512-byte header followed by its bytes, padded with zeros to a multiple of
 * 512; two zero blocks end the archive. Header fields used here (offset, length):
 * name (0, 100), mode (100, 8), uid (108, 8), gid (116, 8), size (124, 12), mtime (136, 12),
 * checksum (148, 8), type flag (156, 1), magic {@code "ustar\0"} (257, 6), version {@code "00"}
 * (263, 2), owner and group names (265, 32 and 297, 32), device numbers (329 and 337, 8 each),
 * name prefix (345, 155). Numbers are octal ASCII ended by NUL or space. The checksum is the sum
 * of the header's bytes, unsigned, counting the checksum field as eight spaces.
 *
 * <p>The writer is deterministic: owner and group are 0 and "root", the time is each entry's own
 * (0 by default), so the same files always give the same bytes. It does not split long names
 * into prefix and name: names are at most 100 bytes. The reader joins prefix and name, accepts
 * regular files only and refuses anything malformed with the byte offset of the header.
 */
public final class Ustar {
    public static final int BLOCK = 512;
    /** The longest name the writer stores (the name field; the prefix field is not used). */
    public static final int MAX_NAME_BYTES = 100;
    /** The largest value of the 12-byte octal size and mtime fields. */
    public static final long MAX_SIZE = 077777777777L;

    private static final int NAME = 0;
    private static final int MODE = 100;
    private static final int UID = 108;
    private static final int GID = 116;
    private static final int SIZE = 124;
    private static final int MTIME = 136;
    private static final int CHECKSUM = 148;
    private static final int TYPE = 156;
    private static final int MAGIC = 257;
    private static final int VERSION = 263;
    private static final int UNAME = 265;
    private static final int GNAME = 297;
    private static final int DEVMAJOR = 329;
    private static final int DEVMINOR = 337;
    private static final int PREFIX = 345;
    private static final byte[] MAGIC_BYTES = {'u', 's', 't', 'a', 'r', 0};
    private static final byte[] VERSION_BYTES = {'0', '0'};

    private Ustar() {
    }

    /**
     * One regular file.
     *
     * @param name at most 100 bytes of UTF-8, no NUL
     * @param mode permission bits, 0..07777
     * @param mtime seconds since 1970, 0..{@link #MAX_SIZE}
     * @param data the contents; not copied, so do not change it afterwards
     */
    public record Entry(String name, int mode, long mtime, byte[] data) {
        public Entry {
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a tar entry needs a name without NUL, got '" + name + "'");
            }
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("'" + name + "': the name is " + bytes + " bytes, at most "
                        + MAX_NAME_BYTES + " fit a ustar header");
            }
            if (mode < 0 || mode > 07777) {
                throw new IllegalArgumentException("'" + name + "': mode " + Integer.toOctalString(mode)
                        + " is not 0..7777 (octal)");
            }
            if (mtime < 0 || mtime > MAX_SIZE) {
                throw new IllegalArgumentException("'" + name + "': time " + mtime + " does not fit a ustar header");
            }
        }

        /** A file with time 0. */
        public Entry(String name, int mode, byte[] data) {
            this(name, mode, 0, data);
        }

        /** The size in bytes. */
        public long size() {
            return data.length;
        }

        /** The mode as {@code tar -tv} shows it, e.g. {@code -rw-r--r--}. */
        public String modeString() {
            String rwx = "rwxrwxrwx";
            StringBuilder s = new StringBuilder("-");
            for (int i = 0; i < 9; i++) {
                s.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
            }
            return s.toString();
        }
    }

    /**
     * The archive of {@code entries}, in order, ended by two zero blocks; its length is a multiple
     * of 512.
     *
     * @throws IllegalArgumentException if two entries have the same name
     */
    public static byte[] write(List<Entry> entries) {
        Set<String> names = new HashSet<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("two tar entries are named '" + e.name() + "'");
            }
            out.writeBytes(header(e));
            out.writeBytes(e.data());
            out.writeBytes(new byte[padding(e.data().length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The size of {@link #write}'s result, without building it. */
    public static long archiveSize(List<Entry> entries) {
        long size = 2L * BLOCK;
        for (Entry e : entries) {
            size += BLOCK + e.data().length + padding(e.data().length);
        }
        return size;
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static byte[] header(Entry e) {
        byte[] h = new byte[BLOCK];
        byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, h, NAME, name.length);
        putOctal(h, MODE, 8, e.mode());
        putOctal(h, UID, 8, 0);
        putOctal(h, GID, 8, 0);
        putOctal(h, SIZE, 12, e.data().length);
        putOctal(h, MTIME, 12, e.mtime());
        h[TYPE] = '0';
        System.arraycopy(MAGIC_BYTES, 0, h, MAGIC, MAGIC_BYTES.length);
        System.arraycopy(VERSION_BYTES, 0, h, VERSION, VERSION_BYTES.length);
        byte[] root = "root".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(root, 0, h, UNAME, root.length);
        System.arraycopy(root, 0, h, GNAME, root.length);
        putOctal(h, DEVMAJOR, 8, 0);
        putOctal(h, DEVMINOR, 8, 0);
        // The checksum: six octal digits, NUL, space (the layout GNU tar and POSIX tar write).
        String sum = String.format("%06o", checksum(h));
        for (int i = 0; i < 6; i++) {
            h[CHECKSUM + i] = (byte) sum.charAt(i);
        }
        h[CHECKSUM + 6] = 0;
        h[CHECKSUM + 7] = ' ';
        return h;
    }

    /** Zero-padded octal digits filling all but the field's last byte, which is NUL. */
    private static void putOctal(byte[] h, int at, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " does not fit a " + length + "-byte octal field");
        }
        for (int i = 0; i < width; i++) {
            int d = i - (width - digits.length());
            h[at + i] = (byte) (d < 0 ? '0' : digits.charAt(d));
        }
        h[at + width] = 0;
    }

    /** The header's byte sum with the checksum field taken as eight spaces. */
    private static long checksum(byte[] archive, int at) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            boolean inField = i >= CHECKSUM && i < CHECKSUM + 8;
            sum += inField ? ' ' : archive[at + i] & 0xFF;
        }
        return sum;
    }

    private static long checksum(byte[] header) {
        return checksum(header, 0);
    }

    /**
     * Reads the archive {@code archive}. Offsets in messages are {@code base} plus the offset in
     * the array, so a caller reading a partition passes the partition's first byte in the image.
     *
     * @param name names the archive (or image) in messages
     * @throws ImageException "NAME: byte OFFSET: entry N ...: problem" for a bad checksum, magic,
     *     version or octal field, a type other than a regular file, a file running past the end,
     *     or a missing end (two zero blocks)
     */
    public static List<Entry> read(String name, byte[] archive, long base) {
        List<Entry> entries = new ArrayList<>();
        int at = 0;
        while (true) {
            if (archive.length - at < BLOCK) {
                throw new ImageException(name + ": byte " + (base + at)
                        + ": the archive ends without its end marker (two zero blocks)");
            }
            if (isZero(archive, at)) {
                if (archive.length - at < 2 * BLOCK) {
                    throw new ImageException(name + ": byte " + (base + at + BLOCK)
                            + ": the archive ends after one zero block, expected a second to end it");
                }
                if (!isZero(archive, at + BLOCK)) {
                    throw new ImageException(name + ": byte " + (base + at + BLOCK)
                            + ": a header follows a zero block; expected a second zero block (the end)");
                }
                return Collections.unmodifiableList(entries);
            }
            entries.add(readEntry(name, archive, at, base, entries.size() + 1));
            long size = entries.get(entries.size() - 1).data().length;
            at += BLOCK + (int) size + padding(size);
        }
    }

    /** {@link #read(String, byte[], long)} with offsets counted from the archive's start. */
    public static List<Entry> read(String name, byte[] archive) {
        return read(name, archive, 0);
    }

    private static Entry readEntry(String name, byte[] a, int at, long base, int index) {
        String entryName = string(a, at + NAME, 100);
        String where = name + ": byte " + (base + at) + ": entry " + index
                + (entryName.isEmpty() ? "" : " ('" + entryName + "')") + ": ";
        if (!matches(a, at + MAGIC, MAGIC_BYTES) || !matches(a, at + VERSION, VERSION_BYTES)) {
            throw new ImageException(where + "magic and version are '" + printable(a, at + MAGIC, 8)
                    + "', expected 'ustar\\0' '00' (POSIX ustar; GNU tar writes it with --format=ustar)");
        }
        long stored = octal(a, at, CHECKSUM, 8, "checksum", where);
        long computed = checksum(a, at);
        if (stored != computed) {
            throw new ImageException(where + String.format("header checksum is %o, the header adds up to %o",
                    stored, computed));
        }
        long mode = octal(a, at, MODE, 8, "mode", where);
        octal(a, at, UID, 8, "uid", where);
        octal(a, at, GID, 8, "gid", where);
        long size = octal(a, at, SIZE, 12, "size", where);
        long mtime = octal(a, at, MTIME, 12, "mtime", where);
        char type = (char) (a[at + TYPE] & 0xFF);
        if (type != '0' && type != 0) {
            throw new ImageException(where + "type '" + (type >= ' ' && type < 0x7F ? String.valueOf(type) : "\\"
                    + Integer.toOctalString(type)) + "'" + (type == '5' ? " (a directory)" : "")
                    + ", expected a regular file ('0')");
        }
        if (entryName.isEmpty()) {
            throw new ImageException(where + "the name is empty");
        }
        String prefix = string(a, at + PREFIX, 155);
        String fullName = prefix.isEmpty() ? entryName : prefix + "/" + entryName;
        long dataEnd = (long) at + BLOCK + size + padding(size);
        if (dataEnd > a.length) {
            throw new ImageException(where + size + " bytes of data run past the end of the archive ("
                    + (a.length - at - BLOCK) + " bytes follow the header)");
        }
        if (mode > 07777) {
            throw new ImageException(where + "mode " + Long.toOctalString(mode) + " is not 0..7777 (octal)");
        }
        byte[] data = new byte[(int) size];
        System.arraycopy(a, at + BLOCK, data, 0, data.length);
        try {
            return new Entry(fullName, (int) mode, mtime, data);
        } catch (IllegalArgumentException e) {
            throw new ImageException(where + e.getMessage());
        }
    }

    /**
     * An octal field: optional leading spaces, octal digits, then NUL or spaces to the field's
     * end (POSIX allows either terminator).
     */
    private static long octal(byte[] a, int header, int field, int length, String what, String where) {
        int at = header + field;
        int end = at + length;
        int i = at;
        while (i < end && a[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && a[i] >= '0' && a[i] <= '7') {
            value = value * 8 + (a[i] - '0');
            digits++;
            i++;
        }
        boolean rest = true;
        for (int j = i; j < end; j++) {
            rest &= a[j] == 0 || a[j] == ' ';
        }
        if (digits == 0 || !rest) {
            throw new ImageException(where + what + " field (header byte " + field + ") is '"
                    + printable(a, at, length) + "', expected octal digits ended by NUL or space");
        }
        return value;
    }

    private static boolean isZero(byte[] a, int at) {
        for (int i = 0; i < BLOCK; i++) {
            if (a[at + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(byte[] a, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (a[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-terminated UTF-8 field. */
    private static String string(byte[] a, int at, int length) {
        int n = 0;
        while (n < length && a[at + n] != 0) {
            n++;
        }
        return new String(a, at, n, StandardCharsets.UTF_8);
    }

    /** A field for a message: printable ASCII as is, other bytes as \NNN octal escapes. */
    private static String printable(byte[] a, int at, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = a[at + i] & 0xFF;
            if (b >= ' ' && b < 0x7F && b != '\\') {
                s.append((char) b);
            } else {
                s.append(b == 0 ? "\\0" : "\\" + Integer.toOctalString(b));
            }
        }
        return s.toString();
    }
}
