package org.minixemu.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.abi.Abi;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/**
 * The ABI has one source, {@code abi/minix.abi}, and two generated sides. This test reads the
 * definition file with its own small reader and checks that the Java constants and what gcc sees
 * in {@code <minix/abi.h>} (values, struct sizes and field offsets, compiled for the i386) agree
 * with it, so a stale or hand-edited side fails the build.
 */
class AbiDriftTest {
    @TempDir
    Path dir;

    /** Java constant name to the C expression that must have the same value. */
    private record Expectation(String javaName, String cExpression, Long fileValue) {
    }

    private static Path root() {
        String root = System.getProperty("minixemu.root");
        return Path.of(root == null ? ".." : root);
    }

    private static List<Expectation> readDefinitionFile() throws IOException {
        List<Expectation> all = new ArrayList<>();
        Map<String, Long> values = new LinkedHashMap<>();
        String struct = null;
        boolean payload = false;
        for (String raw : Files.readAllLines(root().resolve("abi/minix.abi"))) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (struct != null) {
                if (w[0].equals("end")) {
                    struct = null;
                } else if (payload) {
                    String p = "m" + struct.substring("mess_".length());
                    all.add(new Expectation(p.toUpperCase(Locale.ROOT) + "_" + w[0].toUpperCase(Locale.ROOT),
                            "offsetof(message, " + p + "_" + w[0] + ")", null));
                } else {
                    all.add(new Expectation(struct.toUpperCase(Locale.ROOT) + "_" + w[0].toUpperCase(Locale.ROOT),
                            "offsetof(" + struct + ", " + w[0] + ")", null));
                }
            } else if (w[0].equals("const")) {
                long v = 0;
                for (String term : line.substring(line.indexOf(w[1]) + w[1].length()).split("\\+")) {
                    term = term.strip();
                    v += values.containsKey(term) ? values.get(term) : Long.decode(term);
                }
                values.put(w[1], v);
                all.add(new Expectation(w[1], w[1], v));
            } else if (w[0].equals("struct")) {
                struct = w[1];
                payload = w.length > 3;
                if (!payload) {
                    all.add(new Expectation(struct.toUpperCase(Locale.ROOT) + "_SIZE", "sizeof(" + struct + ")",
                            Long.decode(w[2])));
                }
            }
        }
        return all;
    }

    @Test
    void javaConstantsMatchTheDefinitionFile() throws Exception {
        List<Expectation> expected = readDefinitionFile();
        assertTrue(expected.size() > 150, "the reader found the definitions");
        int checked = 0;
        for (Expectation e : expected) {
            Field f = Abi.class.getField(e.javaName());
            int value = f.getInt(null);
            if (e.fileValue() != null) {
                assertEquals((int) (long) e.fileValue(), value, e.javaName());
            }
            checked++;
        }
        long javaInts = java.util.Arrays.stream(Abi.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class).count();
        assertEquals(javaInts, checked, "every Java constant comes from the definition file");
    }

    @Test
    void theCHeaderAsCompiledForTheI386MatchesTheJavaSide() throws Exception {
        Path header = root().resolve("syslib/target/include/minix/abi.h");
        Requirements.require(Files.exists(header), "syslib not built: " + header);
        List<Expectation> expected = readDefinitionFile();
        StringBuilder c = new StringBuilder("#include <minix/abi.h>\nconst int32_t values[] = {\n");
        for (Expectation e : expected) {
            c.append("    (int32_t)(").append(e.cExpression()).append("),\n");
        }
        c.append("};\n");
        Path source = Files.writeString(dir.resolve("values.c"), c.toString());
        Path object = dir.resolve("values.o");
        Path rodata = dir.resolve("values.bin");
        String include = run("gcc", "-print-file-name=include").strip();
        run("gcc", "-m32", "-ffreestanding", "-nostdinc", "-isystem", include, "-I",
                header.getParent().getParent().toString(), "-c", source.toString(), "-o", object.toString());
        run("objcopy", "-O", "binary", "--only-section=.rodata", object.toString(), rodata.toString());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(rodata)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(expected.size() * 4, bytes.remaining(), "one value per definition");
        for (Expectation e : expected) {
            assertEquals(Abi.class.getField(e.javaName()).getInt(null), bytes.getInt(),
                    e.javaName() + " (C: " + e.cExpression() + ")");
        }
    }

    private static String run(String... command) throws Exception {
        Processes.Result r = Processes.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(60));
        assertEquals(0, r.status(), String.join(" ", command) + "\n" + r.stdout());
        return r.stdout();
    }
}
