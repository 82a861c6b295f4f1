package org.minixemu.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the build: a tool on the PATH (QEMU, tshark, sfdisk, ...), the
 * conformance vectors in ../shared, the guest programs the C modules build. On a developer's
 * machine a missing one skips the test with a message; with the environment variable CI=true
 * (set by CI, whose .ci/run installs every tool) it fails the test, so that a CI machine that
 * lost a package or the shared folder cannot turn a suite green by skipping it.
 */
public final class Requirements {
    private Requirements() {
    }

    /** Whether this run is CI's: the environment variable CI is "true", as CI systems set it. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test (fails it under CI=true) unless {@code present}; {@code what} says what is missing. */
    public static void require(boolean present, String what) {
        require(present, what, inCi());
    }

    static void require(boolean present, String what, boolean ci) {
        if (present) {
            return;
        }
        if (ci) {
            Assertions.fail(what + " (CI=true: CI provides it, so its absence is a failure, not a skip)");
        }
        Assumptions.abort(what + "; skipping");
    }

    /** {@link #require} for a folder. */
    public static Path requireFolder(Path folder, String what) {
        require(Files.isDirectory(folder), what + ": no folder " + folder);
        return folder;
    }

    /** {@link #require} for an executable on the PATH (or a path to one). */
    public static void requireTool(String tool, String install) {
        require(onPath(tool), tool + " is not installed (" + install + ")");
    }

    /** Whether {@code tool} names an executable, directly or through the PATH. */
    public static boolean onPath(String tool) {
        if (tool.contains(File.separator)) {
            return Files.isExecutable(Path.of(tool));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
