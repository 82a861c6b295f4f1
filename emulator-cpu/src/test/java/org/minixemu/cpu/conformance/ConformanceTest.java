package org.minixemu.cpu.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.minixemu.testsupport.Requirements;

/**
 * Runs the hardware-recorded 80286 vectors from shared/conformance over the CPU, as
 * {@code minix-emu cpu-test} does, and holds the result to docs/cpu-conformance.md exactly:
 * every file not in its table passes completely, and in a listed file every failure is one of the
 * documented 286/386 differences, judged by what our CPU did (see {@link #kind}), as many
 * of each kind as the table says. The totals (passed, failed, skipped) are the doc's Result line,
 * and the skip count is pinned here as well. Skipped, with a message, when the shared folder is
 * not there; under CI=true that fails instead.
 */
class ConformanceTest {
    /** The README's rules skip this many tests (LOCK, long #UD, FS/GS moves, D8); a change is a rule change. */
    static final int SKIPPED = 6332;
    /** A table row: file, failures, kinds ("long 1, stack 2"). */
    private static final Pattern ROW = Pattern.compile("^\\| `([0-9A-F.]+)` \\| (\\d+) \\| ([a-z0-9 ,]+) \\|");
    private static final Pattern KIND = Pattern.compile("(stack|long|string|pop) (\\d+)");
    private static final Pattern RESULT = Pattern.compile("\\*\\*([\\d,]+) passed, ([\\d,]+) failed, ([\\d,]+) skipped\\*\\*");

    static Path repositoryRoot() {
        String root = System.getProperty("minixemu.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    static Path vectors() {
        String shared = System.getProperty("minixemu.shared");
        Path base = shared != null ? Path.of(shared) : repositoryRoot().resolve("../shared");
        return base.resolve("conformance/80286");
    }

    private static List<String> doc() throws IOException {
        return Files.readAllLines(repositoryRoot().resolve("docs/cpu-conformance.md"));
    }

    /** The table: file -> kind -> how many failures of that kind. */
    static Map<String, Map<String, Integer>> documentedFailures() throws IOException {
        Map<String, Map<String, Integer>> allowed = new TreeMap<>();
        for (String line : doc()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Map<String, Integer> kinds = new TreeMap<>();
                Matcher k = KIND.matcher(m.group(3));
                while (k.find()) {
                    kinds.put(k.group(1), Integer.parseInt(k.group(2)));
                }
                int sum = kinds.values().stream().mapToInt(Integer::intValue).sum();
                assertEquals(Integer.parseInt(m.group(2)), sum, "docs/cpu-conformance.md row adds up: " + line);
                allowed.put(m.group(1) + ".json.gz", kinds);
            }
        }
        return allowed;
    }

    /** The doc's Result line as a runner summary, "N passed, M failed, K skipped". */
    static String documentedTotals() throws IOException {
        for (String line : doc()) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                return new ConformanceRunner.Totals(number(m.group(1)), number(m.group(2)), number(m.group(3))).summary();
            }
        }
        throw new AssertionError("docs/cpu-conformance.md has no **N passed, M failed, K skipped** line");
    }

    private static int number(String withCommas) {
        return Integer.parseInt(withCommas.replace(",", ""));
    }

    /**
     * Which documented difference a failure is, from what our CPU did; null when it is none of
     * them. In each the 286 raised #GP (vector 13):
     * <ul>
     * <li>stack: our CPU raised #SS (12) instead, as the i386 does for an access through SS
     *     beyond its limit;
     * <li>long: an 11- to 15-byte instruction; our CPU raised no exception (the i386's limit is
     *     15 bytes), it executed it;
     * <li>string: our CPU raised the same #GP, and differs from the hardware only in SI and/or
     *     DI (and CX with REP), each one step short: the 286 had stepped them, the i386 faults
     *     before changing any register;
     * <li>pop: POP to a memory operand; our CPU raised the same #GP with SP unchanged, where the
     *     286 had already popped.
     * </ul>
     */
    static String kind(ConformanceRunner.Failure f) {
        if (f.expectedVector() != 13) {
            return null;
        }
        int length = f.bytes().split(" ").length - 1; // without the closing HLT
        if (f.cpuVector() == 12) {
            return "stack";
        }
        if (f.cpuVector() == -1 && length > 10 && length <= 15) {
            return "long";
        }
        if (f.cpuVector() == 13 && onlySiDiOneStepShort(f)) {
            return "string";
        }
        if (f.cpuVector() == 13 && f.bytes().startsWith("8F") && onlySpNotPopped(f)) {
            return "pop";
        }
        return null;
    }

    /**
     * The string kind's registers: SI and/or DI (at least one) each one word step short of the
     * hardware's, and with a REP prefix CX one or two counts above it (the 286 had counted the
     * faulting iteration); nothing else, no byte, differs.
     */
    private static boolean onlySiDiOneStepShort(ConformanceRunner.Failure f) {
        int step = (f.initial().get("flags") & 0x0400) != 0 ? -2 : 2;
        boolean any = false;
        for (String reg : List.of("si", "di")) {
            int ours = f.actual().get(reg);
            int hardware = f.expected().get(reg);
            if (ours != hardware) {
                if (((hardware - ours - step) & 0xFFFF) != 0) {
                    return false;
                }
                any = true;
            }
        }
        int counted = (f.actual().get("cx") - f.expected().get("cx")) & 0xFFFF;
        boolean rep = f.bytes().contains("F3") || f.bytes().contains("F2");
        if (counted != 0 && !(rep && (counted == 1 || counted == 2))) {
            return false;
        }
        return any && f.differences().stream()
                .allMatch(d -> d.startsWith("si ") || d.startsWith("di ") || d.startsWith("cx "));
    }

    /**
     * The pop kind's registers: SP only, two below the hardware's (the 286 had popped the word
     * when its write to the operand faulted; the i386 restores SP). The exception frame then lies
     * two bytes lower, so bytes differ too.
     */
    private static boolean onlySpNotPopped(ConformanceRunner.Failure f) {
        for (String reg : SingleStepTest.REGISTERS) {
            boolean same = f.actual().get(reg).equals(f.expected().get(reg));
            if (reg.equals("sp") ? ((f.expected().get("sp") - f.actual().get("sp")) & 0xFFFF) != 2 : !same
                    && !reg.equals("flags")) {
                return false;
            }
        }
        return f.differences().stream().noneMatch(d -> d.startsWith("flags ") || d.startsWith("did not")
                || d.startsWith("stopped"));
    }

    @Test
    void hardwareVectorsPassExceptTheDocumented286Differences() throws Exception {
        Path dir = Requirements.requireFolder(vectors(),
                "the 80286 conformance vectors (shared/ beside the repository, as in CI)");
        Map<String, Map<String, Integer>> documented = documentedFailures();
        assertTrue(documented.size() > 0, "docs/cpu-conformance.md lists no files: is the table still there?");

        ConformanceRunner runner = ConformanceRunner.open(dir);
        List<String> problems = new ArrayList<>();
        ConformanceRunner.Totals totals = runner.runAll(Integer.MAX_VALUE, r -> {
            Map<String, Integer> seen = new TreeMap<>();
            for (ConformanceRunner.Failure f : r.failures()) {
                String kind = kind(f);
                if (kind == null) {
                    problems.add(r.file() + " " + f + " (CPU: vector " + f.cpuVector() + ", halted " + f.cpuHalted()
                            + ") is none of the documented differences");
                } else {
                    seen.merge(kind, 1, Integer::sum);
                }
            }
            Map<String, Integer> expected = documented.getOrDefault(r.file(), Map.of());
            if (!seen.equals(expected)) {
                problems.add(r.summary() + ": documented differences " + expected + ", found " + seen);
            }
        });
        System.out.println("80286 conformance: " + totals.summary());
        assertEquals(List.of(), problems);
        assertEquals(SKIPPED, totals.skipped(), "tests skipped by the README's rules");
        assertEquals(documentedTotals(), totals.summary(), "docs/cpu-conformance.md's Result line");
    }
}
