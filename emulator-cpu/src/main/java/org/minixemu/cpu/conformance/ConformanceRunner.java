package org.minixemu.cpu.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;

/**
 * Runs single-instruction test files (the SingleStepTests format described in
 * shared/conformance/README.md) against our CPU, applying the 386 rules of {@link Rules386}.
 *
 * <p>Each test loads its registers and memory into a real-mode CPU, runs until the HLT that ends
 * it, and compares every register, the FLAGS bits the metadata defines, every byte the hardware
 * changed, and that no other byte changed.
 */
public final class ConformanceRunner {
    /** Tests that have not reached their HLT after this many instructions fail. */
    static final int INSTRUCTION_CAP = 2000;
    private static final int MEMORY_SIZE = 16 << 20;
    private static final String SUFFIX = ".json.gz";

    private List<Path> files;
    private final Rules386 rules;
    private final RecordingMemory memory = new RecordingMemory(MEMORY_SIZE);
    private final Cpu cpu = new Cpu(memory);
    /** What the CPU did in the last {@link #run}: its first exception (or -1) and whether it halted. */
    private int cpuVector;
    private boolean cpuHalted;

    /**
     * One test that did not match, with what the hardware and our CPU did: enough to tell which
     * documented 286/386 difference (if any) it is without rerunning it.
     *
     * @param expectedVector the interrupt the hardware took, or -1
     * @param cpuVector the first exception our CPU raised, or -1
     * @param cpuHalted whether our CPU reached the HLT that ends the test
     * @param initial the registers before the instruction
     * @param expected the registers the hardware ended with (unlisted ones unchanged)
     * @param actual the registers our CPU ended with
     * @param differences what differed, one entry per register or byte
     */
    public record Failure(int idx, String name, String hash, String bytes, int expectedVector, int cpuVector,
            boolean cpuHalted, Map<String, Integer> initial, Map<String, Integer> expected,
            Map<String, Integer> actual, List<String> differences) {
        /** At most this many differences are printed; a runaway test can differ in thousands of bytes. */
        static final int SHOWN = 8;

        @Override
        public String toString() {
            List<String> shown = differences.size() <= SHOWN ? differences : differences.subList(0, SHOWN);
            String more = differences.size() > SHOWN ? "; ... " + (differences.size() - SHOWN) + " more" : "";
            return "idx " + idx + " \"" + name + "\" [" + bytes + "] " + String.join("; ", shown) + more;
        }
    }

    /** The outcome of one file; {@code failures} holds the first few only. */
    public record FileResult(String file, int passed, int failed, int skipped, List<Failure> failures) {
        public String summary() {
            return String.format("%-12s %4d passed, %d failed, %d skipped", file, passed, failed, skipped);
        }
    }

    /** Totals over all files. */
    public record Totals(int passed, int failed, int skipped) {
        /** The closing line test reports end with: {@code N passed, M failed, K skipped}. */
        public String summary() {
            return passed + " passed, " + failed + " failed, " + skipped + " skipped";
        }
    }

    private ConformanceRunner(List<Path> files, Rules386 rules) {
        this.files = files;
        this.rules = rules;
    }

    /**
     * Opens a folder of {@code *.json.gz} files, or a folder whose subfolders hold them (as
     * shared/conformance/80286 holds v1_real_mode). A metadata.json beside the files supplies the
     * undefined-flag masks; a revocation_list.txt in the folder or above it lists withdrawn tests.
     */
    public static ConformanceRunner open(Path dir) throws ConformanceException {
        if (!Files.isDirectory(dir)) {
            throw new ConformanceException(dir + ": no such folder");
        }
        Path dataDir = dir;
        List<Path> files = dataFiles(dir);
        if (files.isEmpty()) {
            for (Path sub : list(dir)) {
                if (Files.isDirectory(sub) && !dataFiles(sub).isEmpty()) {
                    dataDir = sub;
                    files = dataFiles(sub);
                    break;
                }
            }
        }
        if (files.isEmpty()) {
            throw new ConformanceException(dir + ": no test files (*" + SUFFIX + ") here or in a subfolder");
        }
        Map<String, Integer> masks = readMasks(dataDir.resolve("metadata.json"));
        // The list sits beside the data or one level up (80286/revocation_list.txt).
        Set<String> revoked = new HashSet<>();
        for (Path p : new Path[] {dataDir, dataDir.toAbsolutePath().getParent()}) {
            Path list = p == null ? null : p.resolve("revocation_list.txt");
            if (list != null && Files.isRegularFile(list)) {
                revoked.addAll(readRevocations(list));
                break;
            }
        }
        return new ConformanceRunner(files, new Rules386(masks, revoked));
    }

    private static List<Path> list(Path dir) throws ConformanceException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new ConformanceException(dir + ": cannot list the folder (" + e.getMessage() + ")");
        }
    }

    private static List<Path> dataFiles(Path dir) throws ConformanceException {
        return list(dir).stream().filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
    }

    /** The test files found, in name order. */
    public List<Path> files() {
        return files;
    }

    /** Keeps only the files whose stem ("04", "F6.6") is listed; an unknown stem is an error. */
    public void selectStems(List<String> stems) throws ConformanceException {
        List<Path> chosen = new ArrayList<>();
        for (String stem : stems) {
            Path match = files.stream().filter(f -> f.getFileName().toString().equals(stem + SUFFIX))
                    .findFirst().orElseThrow(() -> new ConformanceException(
                            stem + SUFFIX + ": no such test file in " + files.get(0).getParent()));
            chosen.add(match);
        }
        files = chosen;
    }

    /** Runs every file, reporting each as it finishes; stops at the first unusable file. */
    public Totals runAll(int failuresKept, Consumer<FileResult> each) throws ConformanceException {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path file : files) {
            FileResult r = runFile(file, failuresKept);
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            each.accept(r);
        }
        return new Totals(passed, failed, skipped);
    }

    /** Runs one file, keeping the first {@code failuresKept} failures. */
    public FileResult runFile(Path file, int failuresKept) throws ConformanceException {
        String name = file.getFileName().toString();
        String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        List<SingleStepTest> tests = readTests(file);
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>();
        for (SingleStepTest t : tests) {
            if (rules.skipReason(stem, t) != null) {
                skipped++;
                continue;
            }
            List<String> differences = run(stem, t);
            if (differences.isEmpty()) {
                passed++;
            } else {
                failed++;
                if (failures.size() < failuresKept) {
                    Map<String, Integer> expected = new HashMap<>(t.initialRegs());
                    expected.putAll(t.finalRegs());
                    failures.add(new Failure(t.idx(), t.name(), t.hash(), hex(t.bytes()),
                            t.exception() == null ? -1 : t.exception().number(), cpuVector, cpuHalted,
                            Map.copyOf(t.initialRegs()), Map.copyOf(expected), lastRegisters(), differences));
                }
            }
        }
        return new FileResult(name, passed, failed, skipped, failures);
    }

    /** Runs one test; returns what differed from the hardware (empty when it passed). */
    List<String> run(String stem, SingleStepTest t) {
        Map<Integer, Integer> initialRam = new HashMap<>();
        for (int[] e : t.initialRam()) {
            initialRam.put(e[0], e[1]);
        }
        cpu.reset();
        memory.forgetWrites();
        for (int[] e : t.initialRam()) {
            memory.poke(e[0], e[1]);
        }
        load(t.initialRegs());

        List<String> differences = new ArrayList<>();
        String outcome = runToHalt();
        if (outcome != null) {
            differences.add(outcome);
        }
        cpuHalted = outcome == null;
        cpuVector = cpu.firstExceptionVector();
        int mask = rules.flagsMask(stem, t);
        compareRegisters(t, mask, differences);
        compareMemory(t, mask, initialRam, differences);

        for (int[] e : t.initialRam()) {
            memory.poke(e[0], 0);
        }
        for (int[] e : t.finalRam()) {
            memory.poke(e[0], 0);
        }
        for (int address : memory.writtenAddresses()) {
            memory.poke(address, 0);
        }
        return differences;
    }

    private void load(Map<String, Integer> regs) {
        cpu.setRegister(Cpu.EAX, regs.get("ax"));
        cpu.setRegister(Cpu.EBX, regs.get("bx"));
        cpu.setRegister(Cpu.ECX, regs.get("cx"));
        cpu.setRegister(Cpu.EDX, regs.get("dx"));
        cpu.setRegister(Cpu.ESP, regs.get("sp"));
        cpu.setRegister(Cpu.EBP, regs.get("bp"));
        cpu.setRegister(Cpu.ESI, regs.get("si"));
        cpu.setRegister(Cpu.EDI, regs.get("di"));
        cpu.setSegmentReal(Cpu.CS, regs.get("cs"));
        cpu.setSegmentReal(Cpu.SS, regs.get("ss"));
        cpu.setSegmentReal(Cpu.DS, regs.get("ds"));
        cpu.setSegmentReal(Cpu.ES, regs.get("es"));
        cpu.setSegmentReal(Cpu.FS, 0);
        cpu.setSegmentReal(Cpu.GS, 0);
        cpu.setEip(regs.get("ip"));
        cpu.setEflags(cleanFlags(regs.get("flags")));
    }

    /** The README's load-time clean-up: bits 12-15 cleared, reserved bit 1 set. */
    private static int cleanFlags(int flags) {
        return (flags & Rules386.REGISTER_FLAGS_MASK) | 0x0002;
    }

    /** Runs until HLT; returns null, or why the test could not finish. */
    private String runToHalt() {
        long start = cpu.instructionsRetired();
        while (true) {
            long left = INSTRUCTION_CAP - (cpu.instructionsRetired() - start);
            if (left <= 0) {
                return "did not reach HLT within " + INSTRUCTION_CAP + " instructions";
            }
            Exit exit = cpu.run(left);
            if (exit.kind() == ExitKind.HALT) {
                return null;
            }
            if (exit.kind() != ExitKind.BUDGET) {
                return "stopped with " + exit;
            }
        }
    }

    private int actual(String reg) {
        return switch (reg) {
            case "ax" -> cpu.register(Cpu.EAX);
            case "bx" -> cpu.register(Cpu.EBX);
            case "cx" -> cpu.register(Cpu.ECX);
            case "dx" -> cpu.register(Cpu.EDX);
            case "sp" -> cpu.register(Cpu.ESP);
            case "bp" -> cpu.register(Cpu.EBP);
            case "si" -> cpu.register(Cpu.ESI);
            case "di" -> cpu.register(Cpu.EDI);
            case "cs" -> cpu.segmentSelector(Cpu.CS);
            case "ss" -> cpu.segmentSelector(Cpu.SS);
            case "ds" -> cpu.segmentSelector(Cpu.DS);
            case "es" -> cpu.segmentSelector(Cpu.ES);
            case "ip" -> cpu.eip();
            default -> cpu.eflags();
        } & 0xFFFF;
    }

    /** Our CPU's registers after the last {@link #run}, 16 bits each, by the data's names. */
    private Map<String, Integer> lastRegisters() {
        Map<String, Integer> regs = new HashMap<>();
        for (String reg : SingleStepTest.REGISTERS) {
            regs.put(reg, actual(reg));
        }
        return Map.copyOf(regs);
    }

    private void compareRegisters(SingleStepTest t, int flagsMask, List<String> differences) {
        for (String reg : SingleStepTest.REGISTERS) {
            boolean isFlags = reg.equals("flags");
            Integer listed = t.finalRegs().get(reg);
            int expected = listed != null ? listed : t.initialRegs().get(reg);
            if (isFlags && listed == null) {
                expected = cleanFlags(expected);
            }
            int mask = isFlags ? flagsMask & Rules386.REGISTER_FLAGS_MASK : 0xFFFF;
            int got = actual(reg);
            if (((got ^ expected) & mask) != 0) {
                differences.add(isFlags
                        ? String.format("flags expected %04X got %04X (compared %04X)", expected, got, mask)
                        : String.format("%s expected %04X got %04X", reg, expected, got));
            }
        }
    }

    private void compareMemory(SingleStepTest t, int flagsMask, Map<Integer, Integer> initialRam,
            List<String> differences) {
        Map<Integer, Integer> expected = new HashMap<>();
        for (int[] e : t.finalRam()) {
            expected.put(e[0], e[1]);
        }
        int flagLow = t.exception() == null ? -1 : flagsImageAddress(t);
        for (Map.Entry<Integer, Integer> e : expected.entrySet()) {
            int address = e.getKey();
            int mask = address == flagLow ? flagsMask & 0xFF
                    : address == flagLow + 1 ? (flagsMask >> 8) & 0xFF : 0xFF;
            int got = memory.read8(address);
            if (((got ^ e.getValue()) & mask) != 0) {
                differences.add(String.format("ram[%06X] expected %02X got %02X", address, e.getValue(), got));
            }
        }
        Set<Integer> reported = new HashSet<>();
        for (int address : memory.writtenAddresses()) {
            if (expected.containsKey(address) || !reported.add(address)) {
                continue;
            }
            int before = initialRam.getOrDefault(address, 0);
            int got = memory.read8(address);
            if (got != before) {
                differences.add(String.format("ram[%06X] should stay %02X but was written %02X", address, before, got));
            }
        }
    }

    /**
     * Where the exception pushed FLAGS: SS:SP-2 at the start of the instruction (a fault restores
     * SP first). The data's flag_address says the same except when SP is odd: the recorder then
     * names the even address below, which is the high byte of the pushed CS.
     */
    private static int flagsImageAddress(SingleStepTest t) {
        int ss = t.initialRegs().get("ss");
        int sp = t.initialRegs().get("sp");
        int computed = (ss << 4) + ((sp - 2) & 0xFFFF);
        int recorded = t.exception().flagAddress();
        return recorded == (computed & ~1) ? computed : recorded;
    }

    private static String hex(int[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    private static String readGzipText(Path file) throws ConformanceException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (ZipException | java.io.EOFException e) {
            throw new ConformanceException(file + ": not a complete gzip file (" + e.getMessage() + ")");
        } catch (NoSuchFileException e) {
            throw new ConformanceException(file + ": no such file");
        } catch (IOException e) {
            throw new ConformanceException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static List<SingleStepTest> readTests(Path file) throws ConformanceException {
        String text = readGzipText(file);
        Object json;
        try {
            json = JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConformanceException(file + ": malformed JSON: " + e.getMessage());
        }
        if (!(json instanceof List<?> list)) {
            throw new ConformanceException(file + ": expected a JSON array of tests");
        }
        List<SingleStepTest> tests = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                tests.add(SingleStepTest.fromJson(list.get(i), "test #" + i));
            } catch (IllegalArgumentException e) {
                throw new ConformanceException(file + ": " + e.getMessage());
            }
        }
        return tests;
    }

    /** Reads the flags-mask of every stem ("04", "80.4") from metadata.json; none when absent. */
    private static Map<String, Integer> readMasks(Path metadata) throws ConformanceException {
        Map<String, Integer> masks = new HashMap<>();
        if (!Files.isRegularFile(metadata)) {
            return masks;
        }
        Object json;
        try {
            json = JsonReader.parse(Files.readString(metadata));
        } catch (IOException e) {
            throw new ConformanceException(metadata + ": cannot read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new ConformanceException(metadata + ": malformed JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> root) || !(root.get("opcodes") instanceof Map<?, ?> opcodes)) {
            throw new ConformanceException(metadata + ": expected an object with an \"opcodes\" object");
        }
        for (Map.Entry<?, ?> e : opcodes.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new ConformanceException(metadata + ": opcode " + e.getKey() + " is not an object");
            }
            putMask(masks, String.valueOf(e.getKey()), entry, metadata);
            if (entry.get("reg") instanceof Map<?, ?> regs) {
                for (Map.Entry<?, ?> r : regs.entrySet()) {
                    if (r.getValue() instanceof Map<?, ?> sub) {
                        putMask(masks, e.getKey() + "." + r.getKey(), sub, metadata);
                    }
                }
            }
        }
        return masks;
    }

    private static void putMask(Map<String, Integer> masks, String stem, Map<?, ?> entry, Path metadata)
            throws ConformanceException {
        Object mask = entry.get("flags-mask");
        if (mask == null) {
            return;
        }
        if (!(mask instanceof Long l) || l < 0 || l > 0xFFFF) {
            throw new ConformanceException(metadata + ": opcode " + stem + " has a bad flags-mask " + mask);
        }
        masks.put(stem, (int) (long) l);
    }

    private static Set<String> readRevocations(Path list) throws ConformanceException {
        try {
            Set<String> hashes = new HashSet<>();
            for (String line : Files.readAllLines(list)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    hashes.add(s);
                }
            }
            return hashes;
        } catch (IOException e) {
            throw new ConformanceException(list + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
