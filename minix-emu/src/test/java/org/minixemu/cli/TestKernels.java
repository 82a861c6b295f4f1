package org.minixemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.minixemu.testsupport.Processes;
import java.time.Duration;

/**
 * Assembles the tiny test kernels in src/test/resources/org/minixemu/cli/kernels with GNU
 * binutils, the way a kernel developer would: {@code as --32}, {@code ld -m elf_i386 -Ttext 0x100000}.
 */
final class TestKernels {
    private TestKernels() {
    }

    /** Builds kernels/NAME.S (with the other kernels/ files it includes) into DIR/NAME.elf. */
    static Path build(Path dir, String name, String... includes) throws IOException, InterruptedException {
        copy(dir, "common.inc");
        for (String include : includes) {
            copy(dir, include);
        }
        copy(dir, name + ".S");
        run(dir, "as", "--32", "-I", dir.toString(), "-o", name + ".o", name + ".S");
        run(dir, "ld", "-m", "elf_i386", "-Ttext", "0x100000", "-o", name + ".elf", name + ".o");
        return dir.resolve(name + ".elf").toAbsolutePath();
    }

    private static void copy(Path dir, String resource) throws IOException {
        try (InputStream in = TestKernels.class.getResourceAsStream("kernels/" + resource)) {
            if (in == null) {
                throw new IOException("test resource kernels/" + resource + " is missing");
            }
            Files.copy(in, dir.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Processes.Result r;
        try {
            r = Processes.run(new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true),
                    Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new AssertionError(command[0] + " could not be started; the tests need GNU binutils"
                    + " (apt-get install binutils): " + e.getMessage(), e);
        }
        String output = r.stdout();
        if (r.status() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        if (!output.isBlank()) {
            throw new AssertionError(String.join(" ", command) + " warned:\n" + output);
        }
    }
}
