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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Boots every bare-metal test kernel (testkernels/target/*.elf: faults, paging, ring3, stack16, tasks,
 * v86, triplefault, and the device kernels pit, pic, uart, rtc, ata, net) with {@code minix-emu
 * run --kernel} and holds it to testkernels/expected-status: all checks print {@code ok} and the
 * kernel powers off with status 0, or ends as the file says (triplefault: status 3 and the
 * shutdown message). A kernel's testkernels/NAME/minix-emu.args adds arguments, as
 * scripts/compare-with-qemu.sh reads them: @IMG@ is a fresh 4 MiB scratch image, @PORT@ a
 * free UDP port. The same kernels run under QEMU in scripts/compare-with-qemu.sh.
 */
class BareMetalTestKernelsTest {
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

    @TestFactory
    List<DynamicTest> everyTestKernelPassesAllItsChecks() throws IOException {
        Path target = testkernels().resolve("target");
        List<Path> kernels;
        try (Stream<Path> s = Files.list(target)) {
            kernels = s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("no test kernels in " + target + ": build them (mvn -pl testkernels compile)", e);
        }
        assertTrue(kernels.size() >= 6, "expected the six test kernels in " + target + ", found " + kernels);
        Map<String, String[]> expected = expectations();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path kernel : kernels) {
            String name = kernel.getFileName().toString().replace(".elf", "");
            String[] expect = expected.getOrDefault(name, new String[] {"0", ""});
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> args = new ArrayList<>(List.of("run", "--kernel", kernel.toString(), "--serial",
                        "stdio", "--debugcon", "none", "--timeout", "60"));
                args.addAll(extraArgs(name));
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
            }));
        }
        return tests;
    }
}
