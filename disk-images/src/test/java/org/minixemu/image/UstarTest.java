package org.minixemu.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

class UstarTest {
    @TempDir
    Path dir;

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static final List<Ustar.Entry> FILES = List.of(
            new Ustar.Entry("boot.cfg", 0644, "process a {\nprogram a.elf\n}\n".getBytes(StandardCharsets.US_ASCII)),
            new Ustar.Entry("a.elf", 0755, 1_700_000_000L, bytes(1000, 1)),
            new Ustar.Entry("empty", 0600, new byte[0]),
            new Ustar.Entry("exactly-one-block", 0644, bytes(512, 7)));

    private static String readError(byte[] archive) {
        return assertThrows(ImageException.class, () -> Ustar.read("boot.tar", archive)).getMessage();
    }

    private static void setField(byte[] a, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, a, at, t.length);
    }

    /** Rewrites the checksum of the header at {@code at} after a deliberate change. */
    private static void fixChecksum(byte[] a, int at) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : a[at + i] & 0xFF;
        }
        setField(a, at + 148, String.format("%06o\0 ", sum));
    }

    @Test
    void roundTripKeepsNamesModesTimesAndBytes() {
        byte[] archive = Ustar.write(FILES);
        assertEquals(0, archive.length % 512);
        assertEquals(Ustar.archiveSize(FILES), archive.length);
        // 4 headers, 2 + 0 + 1 data blocks for a.elf, empty, exactly-one-block, 1 for boot.cfg, 2 end blocks
        assertEquals(512 * (4 + 1 + 2 + 0 + 1 + 2), archive.length);
        List<Ustar.Entry> back = Ustar.read("boot.tar", archive);
        assertEquals(FILES.size(), back.size());
        for (int i = 0; i < FILES.size(); i++) {
            assertEquals(FILES.get(i).name(), back.get(i).name());
            assertEquals(FILES.get(i).mode(), back.get(i).mode());
            assertEquals(FILES.get(i).mtime(), back.get(i).mtime());
            assertArrayEquals(FILES.get(i).data(), back.get(i).data());
        }
    }

    @Test
    void headerFieldsAreWhatPosixAsks() {
        byte[] a = Ustar.write(FILES.subList(1, 2));
        assertEquals("a.elf", new String(a, 0, 5, StandardCharsets.US_ASCII));
        assertEquals("0000755\0", new String(a, 100, 8, StandardCharsets.US_ASCII));
        assertEquals("00000001750\0", new String(a, 124, 12, StandardCharsets.US_ASCII));
        assertEquals('0', a[156]);
        assertEquals("ustar\u000000", new String(a, 257, 8, StandardCharsets.US_ASCII));
        assertEquals("root", new String(a, 265, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void theWriterIsDeterministic() {
        assertArrayEquals(Ustar.write(FILES), Ustar.write(FILES));
    }

    @Test
    void aHundredByteNameFitsAndOneMoreDoesNot() {
        String name = "n".repeat(100);
        List<Ustar.Entry> back = Ustar.read("x", Ustar.write(List.of(new Ustar.Entry(name, 0644, new byte[3]))));
        assertEquals(name, back.get(0).name());
        assertThrows(IllegalArgumentException.class, () -> new Ustar.Entry(name + "n", 0644, new byte[0]));
    }

    @Test
    void writingTwoEntriesOfOneNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ustar.write(List.of(FILES.get(0), FILES.get(0))));
    }

    @Test
    void modeStringIsTarStyle() {
        assertEquals("-rw-r--r--", FILES.get(0).modeString());
        assertEquals("-rwxr-xr-x", FILES.get(1).modeString());
    }

    @Test
    void checksumErrorNamesTheByteOffsetAndEntry() {
        byte[] a = Ustar.write(FILES);
        int second = 512 * 2; // boot.cfg's header and one data block come first
        a[second + 1] = 'X'; // "a.elf" -> "aXelf"
        assertEquals("boot.tar: byte 1024: entry 2 ('aXelf'): header checksum is 11775, the header adds up to 12047",
                readError(a));
    }

    @Test
    void offsetsCountFromTheGivenBase() {
        byte[] a = Ustar.write(FILES);
        a[1] = 'X';
        String m = assertThrows(ImageException.class, () -> Ustar.read("disk.img", a, 1048576)).getMessage();
        assertTrue(m.startsWith("disk.img: byte 1048576: entry 1 ('bXot.cfg'): header checksum"), m);
    }

    @Test
    void wrongMagicSaysWhatWasExpected() {
        byte[] a = Ustar.write(FILES);
        setField(a, 257, "ustar  \0"); // GNU tar's own format
        fixChecksum(a, 0);
        assertEquals("boot.tar: byte 0: entry 1 ('boot.cfg'): magic and version are 'ustar  \\0', expected"
                + " 'ustar\\0' '00' (POSIX ustar; GNU tar writes it with --format=ustar)", readError(a));
    }

    @Test
    void badOctalField() {
        byte[] a = Ustar.write(FILES);
        setField(a, 124, "0000000009x\0");
        fixChecksum(a, 0);
        assertEquals("boot.tar: byte 0: entry 1 ('boot.cfg'): size field (header byte 124) is '0000000009x\\0',"
                + " expected octal digits ended by NUL or space", readError(a));
    }

    @Test
    void octalFieldsMayBeSpacePaddedAndSpaceTerminated() {
        byte[] a = Ustar.write(FILES);
        setField(a, 100, "   644 \0");
        fixChecksum(a, 0);
        assertEquals(0644, Ustar.read("boot.tar", a).get(0).mode());
    }

    @Test
    void sizePastTheEndOfTheArchive() {
        byte[] a = Ustar.write(FILES.subList(1, 2));
        setField(a, 124, "00000077777\0");
        fixChecksum(a, 0);
        assertEquals("boot.tar: byte 0: entry 1 ('a.elf'): 32767 bytes of data run past the end of the archive"
                + " (2048 bytes follow the header)", readError(a));
    }

    @Test
    void truncatedArchiveWithoutEndMarker() {
        byte[] a = Ustar.write(FILES);
        byte[] cut = Arrays.copyOf(a, a.length - 1024);
        assertEquals("boot.tar: byte " + (a.length - 1024) + ": the archive ends without its end marker (two zero"
                + " blocks)", readError(cut));
        byte[] oneZero = Arrays.copyOf(a, a.length - 512);
        assertEquals("boot.tar: byte " + (a.length - 512) + ": the archive ends after one zero block, expected a"
                + " second to end it", readError(oneZero));
        assertEquals("boot.tar: byte 100: the archive ends without its end marker (two zero blocks)",
                assertThrows(ImageException.class, () -> Ustar.read("boot.tar", new byte[50], 100)).getMessage());
    }

    @Test
    void dataAfterTheEndMarkerIsIgnored() {
        byte[] a = Ustar.write(FILES);
        byte[] longer = Arrays.copyOf(a, a.length + 4096);
        longer[a.length + 10] = 42;
        assertEquals(FILES.size(), Ustar.read("boot.tar", longer).size());
    }

    @Test
    void aHeaderAfterOneZeroBlockIsAnError() {
        byte[] one = Ustar.write(FILES.subList(0, 1));
        byte[] a = new byte[one.length + 512];
        System.arraycopy(one, 0, a, 0, 1024); // header + data of boot.cfg
        System.arraycopy(one, 0, a, 1536, 1024); // a zero block, then the same header again
        assertEquals("boot.tar: byte 1536: a header follows a zero block; expected a second zero block (the end)",
                readError(a));
    }

    @Test
    void directoriesAndLinksAreRefused() {
        byte[] a = Ustar.write(FILES);
        a[156] = '5';
        fixChecksum(a, 0);
        assertEquals("boot.tar: byte 0: entry 1 ('boot.cfg'): type '5' (a directory), expected a regular file ('0')",
                readError(a));
        a[156] = '2';
        fixChecksum(a, 0);
        assertEquals("boot.tar: byte 0: entry 1 ('boot.cfg'): type '2', expected a regular file ('0')", readError(a));
    }

    @Test
    void thePrefixFieldIsJoinedToTheName() {
        byte[] a = Ustar.write(FILES.subList(0, 1));
        setField(a, 345, "etc");
        fixChecksum(a, 0);
        assertEquals("etc/boot.cfg", Ustar.read("boot.tar", a).get(0).name());
    }

    // ---- interoperation with GNU tar ----

    private static boolean hasTar() {
        try {
            Processes.Result r = Processes.run(new ProcessBuilder("tar", "--version").redirectErrorStream(true),
                    Duration.ofSeconds(10));
            return r.status() == 0 && r.stdout().contains("GNU tar");
        } catch (IOException e) {
            return false;
        }
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("TZ", "UTC"); // tar -tv prints times in local time
        b.environment().put("LC_ALL", "C");
        Processes.Result r = Processes.run(b, Duration.ofSeconds(30));
        assertEquals(0, r.status(), String.join(" ", command) + ":\n" + r.stdout());
        return r.stdout();
    }

    @Test
    void gnuTarListsAndExtractsWhatWeWrite() throws Exception {
        Requirements.require(hasTar(), "GNU tar is not installed");
        Path tar = dir.resolve("boot.tar");
        Files.write(tar, Ustar.write(FILES));
        String listing = run(dir, "tar", "--warning=all", "-tvf", tar.toString());
        String[] lines = listing.strip().split("\n");
        assertEquals(4, lines.length, listing);
        assertTrue(lines[0].matches("-rw-r--r-- root/root\\s+28 1970-01-01 00:00 boot\\.cfg"), lines[0]);
        assertTrue(lines[1].matches("-rwxr-xr-x root/root\\s+1000 2023-11-14 22:13 a\\.elf"), lines[1]);
        assertTrue(lines[2].matches("-rw------- root/root\\s+0 1970-01-01 00:00 empty"), lines[2]);
        Path out = Files.createDirectory(dir.resolve("x"));
        run(out, "tar", "-xf", tar.toString());
        assertArrayEquals(FILES.get(1).data(), Files.readAllBytes(out.resolve("a.elf")));
        assertArrayEquals(FILES.get(3).data(), Files.readAllBytes(out.resolve("exactly-one-block")));
    }

    @Test
    void weReadWhatGnuTarWritesInUstarFormat() throws Exception {
        Requirements.require(hasTar(), "GNU tar is not installed");
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.write(src.resolve("boot.cfg"), FILES.get(0).data());
        Files.write(src.resolve("a.elf"), FILES.get(1).data());
        Path tar = dir.resolve("gnu.tar");
        run(src, "tar", "--format=ustar", "--owner=0", "--group=0", "-cf", tar.toString(), "boot.cfg", "a.elf");
        List<Ustar.Entry> back = Ustar.read(tar.toString(), Files.readAllBytes(tar));
        assertEquals(List.of("boot.cfg", "a.elf"), back.stream().map(Ustar.Entry::name).toList());
        assertArrayEquals(FILES.get(1).data(), back.get(1).data());
    }
}
