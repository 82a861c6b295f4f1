package org.minixemu.cli.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.minixemu.cpu.Disassembler;
import org.minixemu.cpu.Disassembly;

/**
 * Differential fuzzing of the CPU against QEMU: generates a seeded test program
 * ({@link InstructionGenerator}), runs the fuzz kernel with it under QEMU and under minix-emu
 * ({@link GuestRuns}), and compares the two serial outputs record by record. A record passes when
 * both printed the same line for it; the first few that do not are shown in full: the
 * instruction disassembled, the state it started from, both results with the differing fields
 * named, and, from a second run of just those records with scratch dumps, the bytes of the
 * scratch area that differ.
 *
 * <p>Long runs go in chunks (one kernel run per chunk, {@link #chunkSize}); the generator runs on
 * across chunks, so a seed and a count name the same records whatever the chunk size, and record
 * numbers are global.
 *
 * <p>{@link #main}: {@code SEED COUNT [--chunk N] [--show N] [--kernel FILE] [--work DIR]
 * [--keep]}; the last line printed is {@code N passed, M failed} and the exit status is 0 only if
 * nothing failed. scripts/fuzz-against-qemu.sh runs it.
 */
public final class FuzzCampaign {
    /** The result of a campaign: records passed and failed, and the report of what failed. */
    public record Totals(long passed, long failed, String report) {
        /** The closing line: "N passed, M failed". */
        public String summary() {
            return passed + " passed, " + failed + " failed";
        }
    }

    private static final String[] REGS = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
    private static final Pattern RESULT = Pattern.compile("^(\\d+) ([0-9a-fx]{8}( [0-9a-fx]{8}){9})$");
    private static final Pattern DUMP = Pattern.compile("^(\\d+) mem ([0-9a-f]+)$");
    private static final Pattern EVENT = Pattern.compile("^record (\\d+) (.*)$");
    /** Differing records listed in one line each, after those shown in full. */
    private static final int LISTED = 100;

    private final Path kernel;
    private final Path work;
    private final PrintStream log;
    private int chunkSize = 25_000;
    private int shown = 5;
    private boolean keep;

    /**
     * @param kernel testkernels/target/fuzz.elf
     * @param work where the test programs and outputs go (deleted afterwards unless kept)
     * @param log progress lines (one per chunk) and the report
     */
    public FuzzCampaign(Path kernel, Path work, PrintStream log) {
        this.kernel = kernel;
        this.work = work;
        this.log = log;
    }

    /** Records per kernel run (default 25,000). */
    public FuzzCampaign chunkSize(int n) {
        chunkSize = n;
        return this;
    }

    /** How many differing records to show in full (default 5). */
    public FuzzCampaign show(int n) {
        shown = n;
        return this;
    }

    /** Keep the test programs (fuzz-SEED-FIRST.bin) in the work folder. */
    public FuzzCampaign keep(boolean k) {
        keep = k;
        return this;
    }

    /** One generated record and what the generator knows about it. */
    private record Case(long index, FuzzProgram.Record record, String family, boolean mayFault) {
    }

    /** Runs {@code count} records from {@code seed}. */
    public Totals run(long seed, long count) throws IOException, InterruptedException {
        Files.createDirectories(work);
        InstructionGenerator gen = new InstructionGenerator(seed);
        long passed = 0;
        long failed = 0;
        StringBuilder report = new StringBuilder();
        int detailed = 0;
        int listed = 0;
        for (long first = 0; first < count; first += chunkSize) {
            int n = (int) Math.min(chunkSize, count - first);
            List<Case> cases = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                FuzzProgram.Record r = gen.next();
                cases.add(new Case(first + i, r, gen.lastFamily(), gen.lastMayFault()));
            }
            Path module = work.resolve("fuzz-" + seed + "-" + first + ".bin");
            FuzzProgram.write(module, cases.stream().map(Case::record).toList(), 0);
            long t0 = System.nanoTime();
            Run run = runBoth(module, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!keep) {
                Files.deleteIfExists(module);
            }

            Parsed q = Parsed.of(run.qemu.serial());
            Parsed e = Parsed.of(run.ours.serial());
            List<Case> differing = new ArrayList<>();
            for (Case c : cases) {
                int local = (int) (c.index - first);
                String ql = q.results.get(local);
                if (ql != null && ql.equals(e.results.get(local))) {
                    passed++;
                } else {
                    failed++;
                    differing.add(c);
                }
            }
            List<String> problems = runProblems(run, q, e, n);
            String range = n == 1 ? "record " + first : "records " + first + "-" + (first + n - 1);
            log.printf(Locale.ROOT, "seed %d, %s: %d passed, %d failed (%.1f s)%n", seed, range,
                    n - differing.size(), differing.size(), seconds);
            for (String p : problems) {
                report.append(p).append('\n');
                log.println("  " + p.replace("\n", "\n  "));
            }
            if (!problems.isEmpty() && differing.isEmpty()) {
                failed++;      // the records agree, but a run went wrong: that is a failure too
            }
            List<Case> show = differing.subList(0, Math.min(differing.size(), Math.max(0, shown - detailed)));
            if (!show.isEmpty()) {
                Map<Long, String[]> dumps = dumps(show);
                for (Case c : show) {
                    int local = (int) (c.index - first);
                    String text = describe(seed, c, q.results.get(local), e.results.get(local), dumps.get(c.index));
                    report.append(text).append('\n');
                    log.print(text);
                    detailed++;
                }
            }
            // The rest in one line each, up to a limit.
            for (Case c : differing.subList(show.size(), differing.size())) {
                String line;
                if (listed < LISTED) {
                    line = String.format(Locale.ROOT, "record %d (%s): %s", c.index, c.family,
                            disassemble(c.record.code()));
                } else if (listed == LISTED) {
                    line = "(more differing records not listed)";
                } else {
                    continue;
                }
                listed++;
                report.append(line).append('\n');
                log.println(line);
            }
        }
        Totals t = new Totals(passed, failed, report.toString());
        log.println(t.summary());
        return t;
    }

    private record Run(GuestRuns.Output qemu, GuestRuns.Output ours) {
    }

    /** QEMU in its own process while minix-emu runs here. */
    private Run runBoth(Path module, int records) throws IOException, InterruptedException {
        // Generous: QEMU needs about 0.3 ms a record, minix-emu less.
        // COM1 sends at its line rate, so a run prints about 40 records a second: allow 10.
        Duration timeout = Duration.ofSeconds(60 + records / 10);
        GuestRuns.Pending qemu = GuestRuns.startQemu(kernel, module, work, timeout);
        GuestRuns.Output ours;
        GuestRuns.Output theirs;
        try {
            ours = GuestRuns.minixEmu(kernel, module, work, timeout);
        } finally {
            theirs = qemu.await();      // always: no QEMU outlives the campaign
        }
        return new Run(theirs, ours);
    }

    /** Whatever went wrong besides differing records: statuses, missing lines, other lines. */
    private static List<String> runProblems(Run run, Parsed q, Parsed e, int records) {
        List<String> problems = new ArrayList<>();
        for (GuestRuns.Output o : List.of(run.qemu, run.ours)) {
            Parsed p = o == run.qemu ? q : e;
            if (o.status() != 0) {
                problems.add(o.who() + " exited with status " + o.status() + " (want 0: the kernel powers off"
                        + " through ACPI at the end)" + (o.messages().isEmpty() ? "" : "\n" + o.messages().strip())
                        + "\nlast lines of its serial output:\n" + tail(o.serial(), 5));
            }
            int missing = 0;
            int firstMissing = -1;
            for (int i = 0; i < records; i++) {
                if (!p.results.containsKey(i)) {
                    missing++;
                    firstMissing = firstMissing < 0 ? i : firstMissing;
                }
            }
            if (missing > 0) {
                problems.add(o.who() + " printed no result for " + missing + " records, the first being"
                        + " record " + firstMissing + " of this chunk");
            }
        }
        // The closing count of exceptions differs whenever a record does; that is reported there.
        q.other.removeIf(l -> l.matches("fuzz: \\d+ records run, \\d+ exceptions"));
        e.other.removeIf(l -> l.matches("fuzz: \\d+ records run, \\d+ exceptions"));
        if (!q.other.equals(e.other)) {
            problems.add("the lines around the records differ:\n  QEMU:      " + q.other
                    + "\n  minix-emu: " + e.other);
        }
        return problems;
    }

    private static String tail(String s, int n) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Runs just these records again with scratch dumps; index -> {QEMU dump, minix-emu dump}. */
    private Map<Long, String[]> dumps(List<Case> cases) throws IOException, InterruptedException {
        Path module = work.resolve("fuzz-dump.bin");
        FuzzProgram.write(module, cases.stream().map(c -> c.record.withDump()).toList(), 0);
        Run run = runBoth(module, cases.size());
        if (!keep) {
            Files.deleteIfExists(module);
        }
        Parsed q = Parsed.of(run.qemu.serial());
        Parsed e = Parsed.of(run.ours.serial());
        Map<Long, String[]> map = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            map.put(cases.get(i).index, new String[] {q.dumps.get(i), e.dumps.get(i)});
        }
        return map;
    }

    /** A kernel's output: result lines and dumps by record number, and every other line. */
    private static final class Parsed {
        final Map<Integer, String> results = new HashMap<>();
        final Map<Integer, String> dumps = new HashMap<>();
        final List<String> other = new ArrayList<>();

        static Parsed of(String serial) {
            Parsed p = new Parsed();
            for (String line : serial.lines().toList()) {
                Matcher m;
                if ((m = RESULT.matcher(line)).matches()) {
                    p.results.put(Integer.parseInt(m.group(1)), m.group(2));
                } else if ((m = DUMP.matcher(line)).matches()) {
                    p.dumps.put(Integer.parseInt(m.group(1)), m.group(2));
                } else if ((m = EVENT.matcher(line)).matches()) {
                    p.results.put(Integer.parseInt(m.group(1)), m.group(2));
                } else {
                    p.other.add(line);
                }
            }
            return p;
        }
    }

    // ---- the report of one differing record ---------------------------------------------------

    private static String describe(long seed, Case c, String qemu, String ours, String[] dumps) {
        FuzzProgram.Record r = c.record;
        StringBuilder s = new StringBuilder();
        String hex = HexFormat.ofDelimiter(" ").formatHex(r.code());
        String text = disassemble(r.code());
        s.append(String.format(Locale.ROOT, "record %d (seed %d, %s%s) differs:%n", c.index, seed, c.family,
                c.mayFault ? ", may fault on purpose" : ""));
        s.append(String.format("  code         %-36s %s%n", hex, text));
        s.append("  before      ");
        for (int i = 0; i < 8; i++) {
            s.append(String.format(" %s=%08x", REGS[i], r.regs()[i]));
        }
        s.append(String.format("%n               EFLAGS=%08x (%s); compared flags %s", r.eflags(),
                flagNames(r.eflags(), FuzzProgram.ARITH_FLAGS), flagNames(r.mask(), FuzzProgram.ARITH_FLAGS)));
        if (r.undefinedRegisters() != 0) {
            s.append("; undefined afterwards:");
            for (int i = 0; i < 8; i++) {
                if ((r.undefinedRegisters() & (1 << i)) != 0) {
                    s.append(' ').append(REGS[i]);
                }
            }
        }
        s.append(String.format("%n               scratch seed %08x", r.seed()));
        if (r.patch().length > 0) {
            s.append(String.format(", patched at +0x%02x: %s", r.patchOffset(), HexFormat.of().formatHex(r.patch())));
        }
        s.append(String.format(", CRC32 %08x%n", FuzzProgram.crc32(r.initialScratch())));
        s.append("  QEMU         ").append(Objects.toString(qemu, "(no line)")).append('\n');
        s.append("  minix-emu    ").append(Objects.toString(ours, "(no line)")).append('\n');
        if (qemu != null && ours != null && RESULT.matcher("0 " + qemu).matches()
                && RESULT.matcher("0 " + ours).matches()) {
            String[] qf = qemu.split(" ");
            String[] of = ours.split(" ");
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                if (!qf[i].equals(of[i])) {
                    diffs.add(REGS[i] + " (QEMU " + qf[i] + ", minix-emu " + of[i] + ")");
                }
            }
            if (!qf[8].equals(of[8])) {
                int a = Integer.parseUnsignedInt(qf[8], 16);
                int b = Integer.parseUnsignedInt(of[8], 16);
                diffs.add("flags " + flagNames(a ^ b, r.mask()) + " (QEMU " + flagNames(a, r.mask())
                        + "; minix-emu " + flagNames(b, r.mask()) + ")");
            }
            if (!qf[9].equals(of[9])) {
                diffs.add("scratch CRC32");
            }
            s.append("  differs      ").append(String.join("; ", diffs)).append('\n');
        }
        if (dumps != null && dumps[0] != null && dumps[1] != null && !dumps[0].equals(dumps[1])) {
            byte[] before = r.initialScratch();
            byte[] q = HexFormat.of().parseHex(dumps[0]);
            byte[] o = HexFormat.of().parseHex(dumps[1]);
            s.append("  scratch      offset  before  QEMU  minix-emu   (scratch at 0x")
                    .append(Integer.toHexString(FuzzProgram.SCRATCH_BASE)).append(")\n");
            for (int i = 0; i < Math.min(q.length, o.length); i++) {
                if (q[i] != o[i]) {
                    s.append(String.format("               +0x%02x   %02x      %02x    %02x%n", i, before[i] & 0xFF,
                            q[i] & 0xFF, o[i] & 0xFF));
                }
            }
        }
        return s.toString();
    }

    /** The record's code, one instruction after another ("cmp eax,ebx; adc cl,0x1"). */
    static String disassemble(byte[] code) {
        List<String> parts = new ArrayList<>();
        for (Disassembly d : instructions(code)) {
            parts.add(d.text());
        }
        return String.join("; ", parts);
    }

    /**
     * The instructions of a record's code, decoded one after another (32-bit code); an
     * undecodable rest (the deliberate 16-byte instruction) is one {@code (bad)} entry.
     */
    static List<Disassembly> instructions(byte[] code) {
        List<Disassembly> list = new ArrayList<>();
        for (int at = 0; at < code.length; ) {
            Disassembly d = Disassembler.disassemble(code, at, true, at);
            if (!d.isValid()) {
                list.add(new Disassembly(code.length - at, d.text(), null));
                break;
            }
            list.add(d);
            at += d.length();
        }
        return list;
    }

    private static String flagNames(int flags, int mask) {
        String[] names = {"CF", null, "PF", null, "AF", null, "ZF", "SF", null, null, "DF", "OF"};
        List<String> set = new ArrayList<>();
        for (int bit = 0; bit < names.length; bit++) {
            if (names[bit] != null && (mask & (1 << bit)) != 0 && (flags & (1 << bit)) != 0) {
                set.add(names[bit]);
            }
        }
        return set.isEmpty() ? "none" : String.join(" ", set);
    }

    // ---- command line -------------------------------------------------------------------------

    /**
     * {@code SEED COUNT [--chunk N] [--show N] [--kernel FILE] [--work DIR] [--keep]}. The kernel
     * defaults to testkernels/target/fuzz.elf under the current folder.
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Path kernel = Path.of("testkernels/target/fuzz.elf");
        Path work = null;
        int chunk = 25_000;
        int show = 5;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--show" -> show = Integer.parseInt(args[++i]);
                case "--kernel" -> kernel = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> positional.add(args[i]);
            }
        }
        if (positional.size() != 2 || chunk < 1) {
            System.err.println("usage: FuzzCampaign SEED COUNT [--chunk N] [--show N] [--kernel FILE]"
                    + " [--work DIR] [--keep]");
            System.exit(2);
        }
        if (!Files.isRegularFile(kernel)) {
            System.err.println("fuzz: " + kernel + " is missing; build it: make -C testkernels");
            System.exit(2);
        }
        if (!GuestRuns.qemuInstalled()) {
            System.err.println("fuzz: " + GuestRuns.QEMU + " not found (Debian: apt-get install qemu-system-x86)");
            System.exit(2);
        }
        boolean ownWork = work == null;
        if (ownWork) {
            work = Files.createTempDirectory("minix-emu-fuzz");
        }
        Totals t;
        try {
            t = new FuzzCampaign(kernel, work, System.out).chunkSize(chunk).show(show).keep(keep)
                    .run(Long.parseLong(positional.get(0)), Long.parseLong(positional.get(1)));
        } finally {
            if (ownWork && !keep) {
                deleteTree(work);
            }
        }
        System.exit(t.failed() == 0 ? 0 : 1);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
