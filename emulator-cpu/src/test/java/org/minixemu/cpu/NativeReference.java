package org.minixemu.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minixemu.testsupport.Processes;
import java.time.Duration;

/**
 * The host processor as the reference: src/test/native/reference.c, compiled with the host gcc
 * into target/native, executes an instruction with given registers and flags and reports what the
 * real CPU produced. See that file for the protocol and the register binding (a = EAX, b = EBX,
 * c = ECX, d = EDX, m = a quadword in memory).
 */
final class NativeReference {
    /** Where the emulator side puts the memory operand {@code m}: DS:0100. */
    static final int MEMORY_OPERAND = 0x100;

    /** What the processor did with one input. */
    record Outcome(boolean divideError, long[] regs, int eflags) {
    }

    private static NativeReference instance;

    private final Path binary;
    private final Map<String, String> templates;

    private NativeReference(Path binary) {
        this.binary = binary;
        this.templates = list(binary);
    }

    static synchronized NativeReference get() {
        if (instance == null) {
            instance = new NativeReference(compile());
        }
        return instance;
    }

    private static Path compile() {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            throw new IllegalStateException("the native reference runs x86 instructions on the host processor; "
                    + "this host is " + arch + ", not x86-64");
        }
        Path source = TestPaths.module().resolve("src/test/native/reference.c");
        Path dir = TestPaths.target().resolve("native");
        Path binary = dir.resolve("reference");
        try {
            if (!Files.exists(source)) {
                throw new IllegalStateException("missing " + source);
            }
            if (Files.exists(binary)
                    && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                return binary;
            }
            Files.createDirectories(dir);
            Path temporary = dir.resolve("reference." + ProcessHandle.current().pid() + ".tmp");
            List<String> command = List.of("gcc", "-O1", "-mno-red-zone", "-Wall", "-Werror", "-o",
                    temporary.toString(), source.toString());
            Processes.Result gcc;
            try {
                gcc = Processes.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofMinutes(2));
            } catch (IOException e) {
                throw new IllegalStateException("gcc was not found on the PATH; the native reference tests "
                        + "compile src/test/native/reference.c with the host C compiler", e);
            }
            if (gcc.status() != 0) {
                throw new IllegalStateException("gcc failed to build the native reference:\n" + gcc.stdout());
            }
            Files.move(temporary, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> list(Path binary) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : exec(binary, List.of("--list"), "")) {
            int tab = line.indexOf('\t');
            result.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return result;
    }

    /** The instruction text of {@code op} as the emulator runs it (GNU as, AT&T syntax). */
    String emulatorSource(String op) {
        String template = templates.get(op);
        if (template == null) {
            throw new IllegalArgumentException("reference.c has no instruction " + op);
        }
        return template.replace("%[m]", "0x" + Integer.toHexString(MEMORY_OPERAND)).replace("%%", "%");
    }

    boolean knows(String op) {
        return templates.containsKey(op);
    }

    /**
     * Runs {@code op} on the host processor once per input. An input is {a, b, c, d, m, eflags};
     * a to d are 32-bit values (zero-extended), m is the 64-bit memory operand.
     */
    List<Outcome> execute(String op, List<long[]> inputs) {
        StringBuilder text = new StringBuilder(inputs.size() * 64);
        for (long[] in : inputs) {
            text.append(op);
            for (int i = 0; i < 6; i++) {
                long v = i == 4 ? in[i] : in[i] & 0xFFFFFFFFL;
                text.append(' ').append(Long.toHexString(v));
            }
            text.append('\n');
        }
        List<String> lines = exec(binary, List.of(), text.toString());
        if (lines.size() != inputs.size()) {
            throw new IllegalStateException("native reference answered " + lines.size() + " of " + inputs.size()
                    + " inputs for " + op);
        }
        List<Outcome> outcomes = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.equals("DE")) {
                outcomes.add(new Outcome(true, null, 0));
                continue;
            }
            String[] parts = line.split(" ");
            long[] regs = new long[5];
            for (int i = 0; i < 5; i++) {
                regs[i] = Long.parseUnsignedLong(parts[i], 16);
            }
            outcomes.add(new Outcome(false, regs, (int) Long.parseUnsignedLong(parts[5], 16)));
        }
        return outcomes;
    }

    private static List<String> exec(Path binary, List<String> args, String input) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            Processes.Result r = Processes.run(new ProcessBuilder(command), input, Duration.ofSeconds(60));
            if (r.status() != 0) {
                throw new IllegalStateException("native reference failed: " + command + "\n" + r.stderr());
            }
            return r.stdout().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
