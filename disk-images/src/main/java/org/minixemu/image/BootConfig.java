package org.minixemu.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed boot.cfg: the clock rate and the boot processes in start order. The grammar, every
 * key, default and error is in docs/boot-image.md; in short:
 *
 * <pre>
 * hz 60                      # optional, once, before the first process
 * process pong {             # label [a-z][a-z0-9_-]{0,15}
 *     program pong.elf       # required
 *     type system            # or user
 *     ...                    # args ipc system io irq sigmgr priority quantum
 * }
 * </pre>
 *
 * Every error is a {@link BootConfigException} whose message is {@code FILE:LINE: problem}.
 * Immutable.
 */
public final class BootConfig {
    /** The file's name in the boot partition. */
    public static final String FILE_NAME = "boot.cfg";
    public static final int DEFAULT_HZ = 60;
    public static final int HZ_MAX = 1000;

    static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_-]{0,15}");
    private static final Pattern CALL_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,8}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");

    private final String file;
    private final int hz;
    private final int hzLine;
    private final List<ProcessSpec> processes;

    private BootConfig(String file, int hz, int hzLine, List<ProcessSpec> processes) {
        this.file = file;
        this.hz = hz;
        this.hzLine = hzLine;
        this.processes = Collections.unmodifiableList(processes);
    }

    /**
     * Parses boot.cfg text.
     *
     * @param file names the file in messages, e.g. {@code "boot.cfg"} or {@code "disk.img: boot.cfg"}
     * @throws BootConfigException at the first error, with its line
     */
    public static BootConfig parse(String file, String text) {
        return new Parser(file).parse(text);
    }

    /** Parses boot.cfg bytes (ASCII; UTF-8 is allowed in comments). */
    public static BootConfig parse(String file, byte[] bytes) {
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /** The name used in messages. */
    public String file() {
        return file;
    }

    /** Clock ticks per second, 1..1000. */
    public int hz() {
        return hz;
    }

    /** The line of {@code hz}, or 0 when it was not written (the default, 60). */
    public int hzLine() {
        return hzLine;
    }

    /** The processes in start order: {@code processes().get(i).slot() == i}. */
    public List<ProcessSpec> processes() {
        return processes;
    }

    /** The process labelled {@code label}. */
    public Optional<ProcessSpec> process(String label) {
        return processes.stream().filter(p -> p.label().equals(label)).findFirst();
    }

    /**
     * An error about this file at {@code line}, e.g. the kernel's
     * {@code config.problem(spec.line("system"), "unknown kernel call 'FOO'")}; the message reads
     * like the parser's own.
     */
    public BootConfigException problem(int line, String message) {
        return new BootConfigException(file, line, message);
    }

    /** One pass over the lines; values are checked as their line is read. */
    private static final class Parser {
        private final String file;
        private int hz = DEFAULT_HZ;
        private int hzLine;
        private final List<ProcessSpec> processes = new ArrayList<>();
        private final Map<String, Integer> labelLines = new HashMap<>();
        private Block block; // the open process block, or null at top level

        Parser(String file) {
            this.file = file;
        }

        /** A process block being read: each key's line and parsed value. */
        private static final class Block {
            final String label;
            final int line;
            final Map<String, Integer> keyLines = new LinkedHashMap<>();
            final Map<String, Object> values = new HashMap<>();

            Block(String label, int line) {
                this.label = label;
                this.line = line;
            }
        }

        private BootConfigException error(int line, String message) {
            return new BootConfigException(file, line, message);
        }

        BootConfig parse(String text) {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                statement(i + 1, lines[i]);
            }
            if (block != null) {
                throw error(block.line, "process '" + block.label + "' has no closing '}' (the file ends first)");
            }
            if (processes.isEmpty()) {
                throw error(0, "no process: expected at least one 'process LABEL { ... }' block");
            }
            checkLabelsExist();
            return new BootConfig(file, hz, hzLine, processes);
        }

        private void statement(int n, String raw) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int hash = line.indexOf('#');
            String code = hash < 0 ? line : line.substring(0, hash);
            for (int i = 0; i < code.length(); i++) {
                char c = code.charAt(i);
                if (c != '\t' && (c < ' ' || c > '~')) {
                    throw error(n, String.format("character U+%04X at column %d: statements are printable ASCII"
                            + " (anything may follow '#')", (int) c, i + 1));
                }
            }
            String trimmed = code.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            List<String> words = List.of(trimmed.split("[ \t]+"));
            if (block == null) {
                topLevel(n, words);
            } else {
                inBlock(n, words);
            }
        }

        private void topLevel(int n, List<String> words) {
            switch (words.get(0)) {
                case "hz" -> {
                    if (hzLine != 0) {
                        throw error(n, "'hz' is given twice (first on line " + hzLine + ")");
                    }
                    if (!processes.isEmpty()) {
                        throw error(n, "'hz' must come before the first process (line " + processes.get(0).line()
                                + ")");
                    }
                    if (words.size() == 1) {
                        throw error(n, "'hz' needs a value, expected e.g. 'hz 60'");
                    }
                    hz = number(n, "hz", one(n, "hz", words.subList(1, words.size())), 1, HZ_MAX);
                    hzLine = n;
                }
                case "process" -> open(n, words);
                case "}" -> throw error(n, "'}' without a process to close");
                default -> {
                    if (ProcessSpec.KEYS.contains(words.get(0))) {
                        throw error(n, "'" + words.get(0) + "' outside a process; expected it inside"
                                + " 'process LABEL { ... }'");
                    }
                    throw error(n, "unknown statement '" + words.get(0) + "', expected 'hz N' or 'process LABEL {'");
                }
            }
        }

        private void open(int n, List<String> words) {
            if (words.size() == 1) {
                throw error(n, "'process' needs a label and '{', expected 'process LABEL {'");
            }
            String label = words.get(1);
            if (label.endsWith("{") && label.length() > 1) {
                throw error(n, "expected a space between the label and '{', got '" + label + "'");
            }
            if (!LABEL.matcher(label).matches()) {
                throw error(n, "label '" + label + "' is not [a-z][a-z0-9_-]{0,15} (a lower-case letter, then"
                        + " at most 15 lower-case letters, digits, '_' or '-')");
            }
            if (words.size() == 2) {
                throw error(n, "missing '{' after 'process " + label + "', expected 'process " + label + " {'");
            }
            if (!words.get(2).equals("{")) {
                throw error(n, "expected '{' after 'process " + label + "', got '" + words.get(2) + "'");
            }
            if (words.size() > 3) {
                throw error(n, "unexpected '" + words.get(3) + "' after '{': one statement per line");
            }
            Integer first = labelLines.putIfAbsent(label, n);
            if (first != null) {
                throw error(n, "label '" + label + "' is already used by the process on line " + first);
            }
            block = new Block(label, n);
        }

        private void inBlock(int n, List<String> words) {
            String key = words.get(0);
            switch (key) {
                case "}" -> {
                    if (words.size() > 1) {
                        throw error(n, "unexpected '" + words.get(1) + "' after '}': one statement per line");
                    }
                    close();
                    return;
                }
                case "process" -> throw error(n, "process '" + block.label + "' (line " + block.line
                        + ") is not closed, expected '}' before the next 'process'");
                case "hz" -> throw error(n, "'hz' goes before the first process, not inside process '"
                        + block.label + "'");
                default -> {
                    // a key, below
                }
            }
            if (!ProcessSpec.KEYS.contains(key)) {
                throw error(n, "unknown key '" + key + "' in process '" + block.label + "', expected one of "
                        + String.join(", ", ProcessSpec.KEYS));
            }
            Integer first = block.keyLines.get(key);
            if (first != null) {
                throw error(n, "'" + key + "' is given twice in process '" + block.label + "' (first on line "
                        + first + ")");
            }
            if (words.size() == 1) {
                throw error(n, "'" + key + "' needs a value");
            }
            List<String> values = words.subList(1, words.size());
            block.values.put(key, value(n, key, values));
            block.keyLines.put(key, n);
        }

        private Object value(int n, String key, List<String> values) {
            return switch (key) {
                case "program" -> program(n, one(n, key, values));
                case "type" -> switch (one(n, key, values)) {
                    case "system" -> ProcessSpec.Type.SYSTEM;
                    case "user" -> ProcessSpec.Type.USER;
                    default -> throw error(n, "'type' must be system or user, got '" + values.get(0) + "'");
                };
                case "args" -> List.copyOf(values);
                case "ipc" -> ipc(n, values);
                case "system" -> kernelCalls(n, values);
                case "io" -> io(n, values);
                case "irq" -> irqs(n, values);
                case "mem" -> memory(n, values);
                case "sigmgr" -> {
                    String v = one(n, key, values);
                    if (!v.equals(ProcessSpec.SELF) && !LABEL.matcher(v).matches()) {
                        throw error(n, "'sigmgr' must be SELF or a process label, got '" + v + "'");
                    }
                    yield v;
                }
                case "priority" -> number(n, "priority", one(n, key, values), 0, ProcessSpec.PRIORITY_MAX);
                case "quantum" -> number(n, "quantum", one(n, key, values), 1, ProcessSpec.QUANTUM_MAX_MS);
                default -> throw new IllegalStateException(key);
            };
        }

        /** The single value of a key that takes one. */
        private String one(int n, String key, List<String> values) {
            if (values.size() > 1) {
                throw error(n, "'" + key + "' takes one value, got " + values.size() + ": '"
                        + String.join(" ", values) + "'");
            }
            return values.get(0);
        }

        private String program(int n, String name) {
            if (name.contains("/")) {
                throw error(n, "'program' must be a file name in the boot partition, without '/', got '" + name + "'");
            }
            if (name.equals(FILE_NAME)) {
                throw error(n, "'program' cannot be " + FILE_NAME + ", the configuration itself");
            }
            if (name.getBytes(StandardCharsets.US_ASCII).length > Ustar.MAX_NAME_BYTES) {
                throw error(n, "'program' name is " + name.length() + " bytes, at most " + Ustar.MAX_NAME_BYTES);
            }
            return name;
        }

        private int number(int n, String key, String word, int min, int max) {
            if (!DECIMAL.matcher(word).matches()) {
                throw error(n, "'" + key + "' must be a number " + min + ".." + max + ", got '" + word + "'");
            }
            int v = Integer.parseInt(word);
            if (v < min || v > max) {
                throw error(n, "'" + key + "' must be " + min + ".." + max + ", got " + v);
            }
            return v;
        }

        /** ALL or NONE (and for ipc ALL_SYS) must stand alone; returns the keyword or null for a list. */
        private String alone(int n, String key, List<String> values, List<String> keywords) {
            for (String v : values) {
                if (keywords.contains(v) && values.size() > 1) {
                    throw error(n, "'" + key + " " + v + "' stands alone, it cannot be mixed with other values;"
                            + " got '" + String.join(" ", values) + "'");
                }
            }
            return keywords.contains(values.get(0)) ? values.get(0) : null;
        }

        private void noRepeats(int n, String key, List<String> values) {
            Set<String> seen = new HashSet<>();
            for (String v : values) {
                if (!seen.add(v)) {
                    throw error(n, "'" + key + "' names '" + v + "' twice");
                }
            }
        }

        private ProcessSpec.Ipc ipc(int n, List<String> values) {
            String keyword = alone(n, "ipc", values, List.of("ALL", "ALL_SYS", "NONE"));
            if (keyword != null) {
                return new ProcessSpec.Ipc(ProcessSpec.Ipc.Scope.valueOf(keyword), List.of());
            }
            for (String v : values) {
                if (!LABEL.matcher(v).matches() && !ProcessSpec.Ipc.KERNEL_TASKS.contains(v)) {
                    throw error(n, "'ipc' target '" + v + "' is neither a process label nor SYSTEM, CLOCK or"
                            + " HARDWARE (or, alone, ALL, ALL_SYS or NONE)");
                }
            }
            noRepeats(n, "ipc", values);
            return new ProcessSpec.Ipc(ProcessSpec.Ipc.Scope.LISTED, values);
        }

        private ProcessSpec.KernelCalls kernelCalls(int n, List<String> values) {
            String keyword = alone(n, "system", values, List.of("ALL", "NONE"));
            if ("ALL".equals(keyword)) {
                return ProcessSpec.KernelCalls.ALL;
            }
            if ("NONE".equals(keyword)) {
                return ProcessSpec.KernelCalls.NONE;
            }
            noRepeats(n, "system", values);
            boolean basic = false;
            List<String> names = new ArrayList<>();
            for (String v : values) {
                if (v.equals("BASIC")) {
                    basic = true;
                } else if (v.startsWith("SYS_")) {
                    throw error(n, "'system' names kernel calls without the SYS_ prefix: '" + v.substring(4)
                            + "', not '" + v + "'");
                } else if (!CALL_NAME.matcher(v).matches()) {
                    throw error(n, "'system' value '" + v + "' is not a kernel-call name (upper case, e.g."
                            + " SAFECOPYFROM) nor ALL, NONE or BASIC");
                } else {
                    names.add(v);
                }
            }
            return new ProcessSpec.KernelCalls(false, basic, names);
        }

        private ProcessSpec.IoPorts io(int n, List<String> values) {
            String keyword = alone(n, "io", values, List.of("ALL", "NONE"));
            if (keyword != null) {
                return keyword.equals("ALL") ? ProcessSpec.IoPorts.ALL : ProcessSpec.IoPorts.NONE;
            }
            List<ProcessSpec.IoRange> ranges = new ArrayList<>();
            for (String v : values) {
                int colon = v.indexOf(':');
                String base = colon < 0 ? v : v.substring(0, colon);
                String length = colon < 0 ? "1" : v.substring(colon + 1);
                if (!HEX.matcher(base).matches() || !HEX.matcher(length).matches()) {
                    throw error(n, "'io' range '" + v + "' is not hex BASE[:LENGTH] (e.g. 3f8:8), nor ALL or NONE");
                }
                long b = Long.parseLong(base, 16);
                long l = Long.parseLong(length, 16);
                if (l == 0) {
                    throw error(n, "'io' range '" + v + "' has length 0, expected 1 or more");
                }
                if (b + l > 0x10000) {
                    throw error(n, "'io' range '" + v + "' ends past port ffff (base + length must be at most 10000)");
                }
                ranges.add(new ProcessSpec.IoRange((int) b, (int) l));
            }
            return new ProcessSpec.IoPorts(false, ranges);
        }

        private List<ProcessSpec.MemRange> memory(int n, List<String> values) {
            if (alone(n, "mem", values, List.of("NONE")) != null) {
                return List.of();
            }
            List<ProcessSpec.MemRange> ranges = new ArrayList<>();
            for (String v : values) {
                int colon = v.indexOf(':');
                if (colon < 0 || !HEX.matcher(v.substring(0, colon)).matches()
                        || !HEX.matcher(v.substring(colon + 1)).matches() || v.length() > 18) {
                    throw error(n, "'mem' range '" + v + "' is not hex BASE:LENGTH (e.g. a0000:20000), nor NONE");
                }
                long b = Long.parseLong(v.substring(0, colon), 16);
                long l = Long.parseLong(v.substring(colon + 1), 16);
                if (l == 0 || b + l > 0x1_0000_0000L) {
                    throw error(n, "'mem' range '" + v + "' is empty or ends past 4 GiB");
                }
                ranges.add(new ProcessSpec.MemRange(b, l));
            }
            return ranges;
        }

        private ProcessSpec.Irqs irqs(int n, List<String> values) {
            String keyword = alone(n, "irq", values, List.of("ALL", "NONE"));
            if (keyword != null) {
                return keyword.equals("ALL") ? ProcessSpec.Irqs.ALL : ProcessSpec.Irqs.NONE;
            }
            noRepeats(n, "irq", values);
            List<Integer> lines = new ArrayList<>();
            for (String v : values) {
                lines.add(number(n, "irq", v, 0, 15));
            }
            return new ProcessSpec.Irqs(false, lines);
        }

        @SuppressWarnings("unchecked")
        private void close() {
            Block b = block;
            block = null;
            if (!b.values.containsKey("program")) {
                throw error(b.line, "process '" + b.label + "' has no 'program', expected e.g. 'program "
                        + b.label + ".elf'");
            }
            ProcessSpec.Type type = (ProcessSpec.Type) b.values.getOrDefault("type", ProcessSpec.Type.SYSTEM);
            boolean system = type == ProcessSpec.Type.SYSTEM;
            processes.add(new ProcessSpec(
                    processes.size(),
                    b.label,
                    (String) b.values.get("program"),
                    type,
                    (List<String>) b.values.getOrDefault("args", List.of()),
                    (ProcessSpec.Ipc) b.values.getOrDefault("ipc", ProcessSpec.Ipc.ALL_SYS),
                    (ProcessSpec.KernelCalls) b.values.getOrDefault("system",
                            system ? ProcessSpec.KernelCalls.BASIC : ProcessSpec.KernelCalls.NONE),
                    (ProcessSpec.IoPorts) b.values.getOrDefault("io", ProcessSpec.IoPorts.NONE),
                    (ProcessSpec.Irqs) b.values.getOrDefault("irq", ProcessSpec.Irqs.NONE),
                    (List<ProcessSpec.MemRange>) b.values.getOrDefault("mem", List.of()),
                    (String) b.values.get("sigmgr"),
                    (Integer) b.values.getOrDefault("priority",
                            system ? ProcessSpec.DEFAULT_PRIORITY_SYSTEM : ProcessSpec.DEFAULT_PRIORITY_USER),
                    (Integer) b.values.getOrDefault("quantum",
                            system ? ProcessSpec.DEFAULT_QUANTUM_SYSTEM_MS : ProcessSpec.DEFAULT_QUANTUM_USER_MS),
                    b.line,
                    b.keyLines));
        }

        /** ipc and sigmgr may name labels defined later; now that all are known, check them. */
        private void checkLabelsExist() {
            for (ProcessSpec p : processes) {
                if (p.ipc().scope() == ProcessSpec.Ipc.Scope.LISTED) {
                    for (String t : p.ipc().targets()) {
                        if (!ProcessSpec.Ipc.KERNEL_TASKS.contains(t) && !labelLines.containsKey(t)) {
                            throw error(p.line("ipc"), "'ipc' names '" + t + "', which is not the label of a"
                                    + " process in this file");
                        }
                    }
                }
                String m = p.sigmgr();
                if (m != null && !m.equals(ProcessSpec.SELF) && !labelLines.containsKey(m)) {
                    throw error(p.line("sigmgr"), "'sigmgr' names '" + m + "', which is not the label of a"
                            + " process in this file (nor SELF)");
                }
            }
        }
    }
}
