package org.minixemu.image;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One {@code process LABEL { ... }} block of boot.cfg, with the defaults filled in
 * (docs/boot-image.md). Keyword values keep what was written: {@code ALL} is not the same as a
 * list that happens to name everyone, so the kernel decides what each means.
 *
 * <p>Kernel-call names are not checked here: the kernel checks them against its ABI table and
 * reports an unknown one at {@link #line(String) line("system")} through
 * {@link BootConfig#problem}.
 *
 * @param slot the place in start order: 0 for the first block of the file, then 1, 2, ...
 * @param label {@code [a-z][a-z0-9_-]{0,15}}, unique in the file; also argv[0]
 * @param program the file in the boot partition to run (a base name)
 * @param type system or user
 * @param args argv[1..], possibly empty
 * @param ipc whom the process may send to
 * @param system which kernel calls it may make
 * @param io which I/O ports it may use
 * @param irq which IRQ lines it may hook
 * @param mem physical memory ranges it may name (the {@code mem} key; empty: none)
 * @param sigmgr its signal manager: {@link #SELF}, a label of the same file, or null for none
 * @param priority scheduling queue, 0 (highest) .. 15
 * @param quantumMs time slice in milliseconds, 1..60000
 * @param line the line of {@code process LABEL {}
 * @param keyLines the line of each key that was written, by key name
 */
public record ProcessSpec(
        int slot,
        String label,
        String program,
        Type type,
        List<String> args,
        Ipc ipc,
        KernelCalls system,
        IoPorts io,
        Irqs irq,
        List<MemRange> mem,
        String sigmgr,
        int priority,
        int quantumMs,
        int line,
        Map<String, Integer> keyLines) {

    /** The keys of a process block, in the order the documentation lists them. */
    public static final List<String> KEYS = List.of(
            "program", "type", "args", "ipc", "system", "io", "irq", "mem", "sigmgr", "priority", "quantum");
    /** {@link #sigmgr} value of a process that is its own signal manager. */
    public static final String SELF = "SELF";

    public static final int PRIORITY_MAX = 15;
    public static final int DEFAULT_PRIORITY_SYSTEM = 4;
    public static final int DEFAULT_PRIORITY_USER = 7;
    public static final int QUANTUM_MAX_MS = 60_000;
    public static final int DEFAULT_QUANTUM_SYSTEM_MS = 500;
    public static final int DEFAULT_QUANTUM_USER_MS = 200;

    public ProcessSpec {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ipc, "ipc");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(irq, "irq");
        args = List.copyOf(args);
        mem = List.copyOf(mem);
        keyLines = Map.copyOf(keyLines);
    }

    /** Whether the key was written in the block (false: its value is the default). */
    public boolean has(String key) {
        checkKey(key);
        return keyLines.containsKey(key);
    }

    /**
     * The line of {@code key} in boot.cfg, or the block's own {@link #line()} when the key was
     * not written, so that a message about a default still points at the process.
     */
    public int line(String key) {
        checkKey(key);
        return keyLines.getOrDefault(key, line);
    }

    private static void checkKey(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a process key; the keys are " + KEYS);
        }
    }

    /** The process's argv: the label, then {@link #args}. */
    public List<String> argv() {
        return Stream.concat(Stream.of(label), args.stream()).toList();
    }

    /** Kind of process: privileges presets and defaults differ. */
    public enum Type {
        SYSTEM, USER;

        /** As written in boot.cfg: "system" or "user". */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The {@code ipc} key.
     *
     * @param scope ALL, ALL_SYS or NONE as written, or LISTED for a list of targets
     * @param targets when LISTED: labels of this file and the kernel tasks {@code SYSTEM},
     *     {@code CLOCK}, {@code HARDWARE}, in the order written; empty otherwise
     */
    public record Ipc(Scope scope, List<String> targets) {
        /** The kernel tasks a list may name; labels are lower case so they never clash. */
        public static final List<String> KERNEL_TASKS = List.of("SYSTEM", "CLOCK", "HARDWARE");
        /** The default: every system process. */
        public static final Ipc ALL_SYS = new Ipc(Scope.ALL_SYS, List.of());

        public enum Scope { ALL, ALL_SYS, NONE, LISTED }

        public Ipc {
            targets = List.copyOf(targets);
            if ((scope == Scope.LISTED) == targets.isEmpty()) {
                throw new IllegalArgumentException("ipc " + scope + " with targets " + targets);
            }
        }
    }

    /**
     * The {@code system} key: the kernel calls by name without the {@code SYS_} prefix.
     *
     * @param all {@code ALL} was written (then the rest is empty and false)
     * @param basic {@code BASIC} was written, alone or with names: the basic set is included
     * @param names the names written besides BASIC, in order, unchecked (the kernel checks them)
     */
    public record KernelCalls(boolean all, boolean basic, List<String> names) {
        public static final KernelCalls ALL = new KernelCalls(true, false, List.of());
        public static final KernelCalls BASIC = new KernelCalls(false, true, List.of());
        public static final KernelCalls NONE = new KernelCalls(false, false, List.of());

        public KernelCalls {
            names = List.copyOf(names);
            if (all && (basic || !names.isEmpty())) {
                throw new IllegalArgumentException("kernel calls ALL with others");
            }
        }

        /** {@code NONE}: no kernel call at all. */
        public boolean none() {
            return !all && !basic && names.isEmpty();
        }
    }

    /**
     * One I/O port range.
     *
     * @param base the first port, 0..0xFFFF
     * @param length how many ports, at least 1, with base + length at most 0x10000
     */
    public record IoRange(int base, int length) {
        public IoRange {
            if (base < 0 || length < 1 || (long) base + length > 0x10000) {
                throw new IllegalArgumentException(String.format("I/O range %x:%x", base, length));
            }
        }

        /** The port after the last one. */
        public int end() {
            return base + length;
        }

        /** As written in boot.cfg: "3f8:8". */
        @Override
        public String toString() {
            return String.format("%x:%x", base, length);
        }
    }

    /**
     * The {@code io} key.
     *
     * @param all {@code ALL} was written (then the list is empty)
     * @param ranges the ranges in the order written; empty and not all means {@code NONE}
     */
    public record IoPorts(boolean all, List<IoRange> ranges) {
        public static final IoPorts ALL = new IoPorts(true, List.of());
        public static final IoPorts NONE = new IoPorts(false, List.of());

        public IoPorts {
            ranges = List.copyOf(ranges);
            if (all && !ranges.isEmpty()) {
                throw new IllegalArgumentException("io ALL with ranges");
            }
        }
    }

    /**
     * One physical memory range of the {@code mem} key (for QUERY_MEM and the copy calls).
     *
     * @param base the first byte's physical address
     * @param length bytes, at least 1, with base + length at most 4 GiB
     */
    public record MemRange(long base, long length) {
        public MemRange {
            if (base < 0 || length < 1 || base + length > 0x1_0000_0000L) {
                throw new IllegalArgumentException(String.format("memory range %x:%x", base, length));
            }
        }

        /** As written in boot.cfg: "a0000:20000". */
        @Override
        public String toString() {
            return String.format("%x:%x", base, length);
        }
    }

    /**
     * The {@code irq} key.
     *
     * @param all {@code ALL} was written (then the list is empty)
     * @param lines IRQ lines 0..15 in the order written; empty and not all means {@code NONE}
     */
    public record Irqs(boolean all, List<Integer> lines) {
        public static final Irqs ALL = new Irqs(true, List.of());
        public static final Irqs NONE = new Irqs(false, List.of());

        public Irqs {
            lines = List.copyOf(lines);
            if (all && !lines.isEmpty()) {
                throw new IllegalArgumentException("irq ALL with lines");
            }
        }
    }
}
