package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.minixemu.cli.fuzz.FuzzProgram;
import org.minixemu.cli.fuzz.InstructionGenerator;

/**
 * Boots every bare-metal test kernel (testkernels/target/*.elf: faults, paging, ring3, stack16, tasks,
 * v86, triplefault, and the device kernels pit, pic, uart, rtc, ata, net) with {@code minix-emu
 * run --kernel} and holds it to testkernels/expected-status: all checks print {@code ok} and the
 * kernel powers off with status 0, or ends as the file says (triplefault: status 3 and the
 * shutdown message). A kernel's testkernels/NAME/minix-emu.args adds arguments, as
 * scripts/compare-with-qemu.sh reads them: @IMG@ is a fresh 4 MiB scratch image, @PORT@ a
 * free UDP port. The same kernels run under QEMU in scripts/compare-with-qemu.sh.
 *
 * <p>Each kernel must report exactly the number of checks {@link #CHECKS} gives in its summary
 * line: a kernel that stops early, or loses a check while still saying "0 failed", fails here. The fuzz kernel is booted with a generated test program as its
 * module, and must run every record.
 */
class BareMetalTestKernelsTest {
    /**
     * Checks per kernel, as its summary line "NAME: N passed, 0 failed" reports them. A new
     * kernel, or a kernel whose checks change, updates this table. triplefault shuts the machine
     * down before any summary, so only its ok lines count; fuzz counts its entry and module checks.
     */
    static final Map<String, Integer> CHECKS = Map.ofEntries(Map.entry("ata", 59), Map.entry("faults", 37),
            Map.entry("fuzz", 6), Map.entry("net", 31), Map.entry("paging", 55), Map.entry("pic", 51),
            Map.entry("pit", 30), Map.entry("ring3", 57), Map.entry("rtc", 36), Map.entry("speedmix", 4), Map.entry("stack16", 578),
            Map.entry("tasks", 60), Map.entry("triplefault", 4), Map.entry("uart", 49), Map.entry("v86", 34));
    /** The fuzz kernel's test program: this many records from a fixed seed (about a second). */
    static final int FUZZ_RECORDS = 300;
    static final long FUZZ_SEED = 20261207L;
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\S+): (\\d+) passed, (\\d+) failed$");

    private static Path testkernels() {
        String root = System.getProperty("minixemu.root");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve("testkernels");
    }

    /** kernel name -> {minix-emu status, stderr text or ""}. */
    private static Map<String, String[]> expectations() throws IOException {
        Map<String, String[]> map = new HashMap<>();
        for (String line : Files.readAllLines(testkernels().resolve("expected-status"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 4);
            map.put(f[0], new String[] {f[1], f.length > 3 ? f[3] : ""});
        }
        return map;
    }

    /** The words of testkernels/NAME/minix-emu.args (none if there is no such file), placeholders filled in. */
    private static List<String> extraArgs(String name) throws IOException {
        Path file = testkernels().resolve(name).resolve("minix-emu.args");
        List<String> words = new ArrayList<>();
        if (!Files.exists(file)) {
            return words;
        }
        int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            for (String word : trimmed.split("\\s+")) {
                if (word.contains("@IMG@")) {
                    Path image = Files.createTempFile("minix-emu-" + name + "-", ".img");
                    image.toFile().deleteOnExit();
                    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                        f.setLength(4 << 20);
                    }
                    word = word.replace("@IMG@", image.toString());
                }
                word = word.replace("@PORT@", Integer.toString(port));
                words.add(word);
            }
        }
        return words;
    }

    /**
     * The kernel's summary line reports CHECKS' number, all passed. triplefault shuts the machine
     * down first, so its ok lines are counted instead (elsewhere ok lines are not checks one for
     * one: uart's THR-empty handler sends a whole "ok" line of its own).
     */
    static void assertCheckCount(String name, String serial) {
        int expected = CHECKS.get(name);
        Matcher m = SUMMARY.matcher(serial);
        if (name.equals("triplefault")) {
            assertFalse(m.find(), "triplefault cannot reach a summary:\n" + serial);
            assertEquals(expected, serial.lines().filter(l -> l.startsWith("ok")).count(), "ok lines:\n" + serial);
            return;
        }
        assertTrue(m.find(), name + " printed no summary line:\n" + serial);
        assertEquals(name + ": " + expected + " passed, 0 failed", m.group(), name + "'s summary");
    }

    /** A test program for the fuzz kernel's module, the same on every run. */
    private static Path fuzzProgram() throws IOException {
        Path file = Files.createTempFile("minix-emu-fuzz-", ".bin");
        file.toFile().deleteOnExit();
        FuzzProgram.write(file, new InstructionGenerator(FUZZ_SEED).generate(FUZZ_RECORDS), 0);
        return file;
    }

    /** One result line per record, in order (registers, or "record N exception V"), and the closing count. */
    static void assertEveryRecordRan(String serial) {
        List<String> lines = serial.lines().toList();
        int next = 0;
        for (String line : lines) {
            if (line.startsWith(next + " ") || line.startsWith("record " + next + " exception ")) {
                next++;
            }
        }
        assertEquals(FUZZ_RECORDS, next, "records with a result line, in order:\n" + serial);
        assertTrue(lines.stream().anyMatch(l -> l.matches("fuzz: " + FUZZ_RECORDS + " records run, \\d+ exceptions")),
                "the fuzz kernel's closing line:\n" + serial);
    }

    @TestFactory
    List<DynamicTest> everyTestKernelPassesAllItsChecks() throws IOException {
        Path target = testkernels().resolve("target");
        List<Path> kernels;
        try (Stream<Path> s = Files.list(target)) {
            kernels = s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("no test kernels in " + target + ": build them (mvn -pl testkernels compile)", e);
        }
        assertEquals(CHECKS.keySet(), kernels.stream().map(k -> k.getFileName().toString().replace(".elf", ""))
                .collect(java.util.stream.Collectors.toSet()), "the kernels in " + target + " and the CHECKS table");
        Map<String, String[]> expected = expectations();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path kernel : kernels) {
            String name = kernel.getFileName().toString().replace(".elf", "");
            String[] expect = expected.getOrDefault(name, new String[] {"0", ""});
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> args = new ArrayList<>(List.of("run", "--kernel", kernel.toString(), "--serial",
                        "stdio", "--debugcon", "none", "--timeout", "60"));
                args.addAll(extraArgs(name));
                if (name.equals("fuzz")) {
                    args.addAll(List.of("--module", fuzzProgram().toString()));
                }
                CommandRun run = CommandRun.of(args.toArray(String[]::new));
                String serial = run.stdout();
                assertFalse(serial.contains("FAIL"), name + " reported a failed check:\n" + serial);
                assertTrue(serial.contains(" ok") || serial.startsWith("ok") || serial.contains("\nok"),
                        name + " printed no ok line:\n" + serial);
                assertEquals(Integer.parseInt(expect[0]), run.status(), name + " exit status; stderr: " + run.err()
                        + "\nserial:\n" + serial);
                if (!expect[1].isEmpty()) {
                    assertEquals(expect[1], run.errLine());
                }
                assertCheckCount(name, serial);
                if (name.equals("fuzz")) {
                    assertEveryRecordRan(serial);
                }
            }));
        }
        return tests;
    }
}
