package org.minixemu.kernel.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/**
 * The parser on a program linked by the real tool chain: syslib's {@code target/test/tiny.elf},
 * which {@code make -C syslib check} builds (skipped when it has not been built), checked against
 * the layout {@code minix.ld} promises and against what binutils' {@code readelf} reads from it.
 */
class ElfProgramRealFileTest {
    /** A LOAD line of {@code readelf -l -W} for ELF32: offset, vaddr, paddr, filesz, memsz, flags, align. */
    private static final Pattern LOAD = Pattern.compile(
            "^\\s*LOAD\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x\\p{XDigit}+\\s+0x(\\p{XDigit}+)"
                    + "\\s+0x(\\p{XDigit}+) ([R ][W ][E ]) 0x\\p{XDigit}+\\s*$");
    private static final Pattern ENTRY = Pattern.compile("^\\s*Entry point address:\\s+0x(\\p{XDigit}+)\\s*$");

    /** The repository: surefire's minixemu.root, else the nearest folder up with abi/minix.abi; null if neither. */
    private static Path repoRoot() {
        String root = System.getProperty("minixemu.root");
        if (root != null) {
            return Path.of(root);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("abi/minix.abi"))) {
                return dir;
            }
        }
        return null;
    }

    /** syslib's tiny program; the test is skipped if it has not been built. */
    private static Path tiny() {
        Path root = repoRoot();
        assumeTrue(root != null, "no minixemu.root and no abi/minix.abi above " + Path.of("").toAbsolutePath());
        Path tiny = root.resolve("syslib/target/test/tiny.elf");
        Requirements.require(Files.isRegularFile(tiny), tiny + " is not built (make -C syslib check)");
        return tiny;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void syslibTinyProgramHasTheLayoutOfMinixLd() throws IOException {
        Path tiny = tiny();
        ElfProgram p = ElfProgram.parse(tiny.getFileName().toString(), Files.readAllBytes(tiny));
        List<ElfSegment> segments = p.segments();
        assertTrue(segments.size() == 1 || segments.size() == 2, "one or two segments: " + p);
        ElfSegment text = segments.get(0);
        assertEquals(0x08048000L, text.virtualAddress(), p.toString());
        assertEquals(0L, text.fileOffset(), "headers, code and read-only data from the start of the file: " + p);
        assertEquals("R-X", text.permissions(), p.toString());
        assertTrue(text.contains(p.entry()), p.toString());
        for (ElfSegment s : segments) {
            assertFalse(s.writable() && s.executable(), "no W+X segment: " + p);
            assertEquals(0, s.virtualAddress() % 0x1000, "page-aligned: " + p);
        }
    }

    @Test
    void syslibTinyProgramReadsAsReadelfReadsIt() throws Exception {
        Path tiny = tiny();
        Requirements.requireTool("readelf", "binutils");
        ProcessBuilder pb = new ProcessBuilder("readelf", "-W", "-h", "-l", tiny.toString()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Processes.Result readelf = Processes.run(pb, Duration.ofSeconds(30));
        String out = readelf.stdout();
        assertEquals(0, readelf.status(), out);

        long entry = -1;
        List<ElfSegment> loads = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                entry = Long.parseLong(m.group(1), 16);
            }
            m = LOAD.matcher(line);
            if (m.matches()) {
                long offset = Long.parseLong(m.group(1), 16), vaddr = Long.parseLong(m.group(2), 16);
                long filesz = Long.parseLong(m.group(3), 16), memsz = Long.parseLong(m.group(4), 16);
                String flags = m.group(5);
                if (memsz > 0) {
                    loads.add(new ElfSegment(vaddr, memsz, offset, filesz,
                            flags.charAt(0) == 'R', flags.charAt(1) == 'W', flags.charAt(2) == 'E'));
                }
            }
        }
        assertTrue(entry >= 0 && !loads.isEmpty(), "readelf printed an entry point and LOAD lines:\n" + out);
        loads.sort(Comparator.comparingLong(ElfSegment::virtualAddress));

        ElfProgram p = ElfProgram.parse(tiny.getFileName().toString(), Files.readAllBytes(tiny));
        assertEquals(entry, p.entry(), out);
        assertEquals(loads, p.segments(), out);
    }
}
