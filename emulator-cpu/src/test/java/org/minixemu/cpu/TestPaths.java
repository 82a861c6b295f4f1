package org.minixemu.cpu;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the module's test inputs and build outputs live, whatever directory the JVM started in. */
final class TestPaths {
    private TestPaths() {
    }

    /** The emulator-cpu module directory (Surefire sets {@code basedir}; otherwise the working directory). */
    static Path module() {
        String basedir = System.getProperty("basedir");
        Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("src/test/native")) && Files.isDirectory(dir.resolve("emulator-cpu"))) {
            dir = dir.resolve("emulator-cpu");
        }
        return dir;
    }

    /** The module's {@code target} directory: the only place the tests write to. */
    static Path target() {
        return module().resolve("target");
    }
}
