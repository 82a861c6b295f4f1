package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/**
 * Runs scripts/compare-with-qemu.sh, the differential check of issue 3: every bare-metal test
 * kernel must print the same on COM1 under qemu-system-i386 as under minix-emu, and end with
 * the statuses testkernels/expected-status gives. minix-emu is this build's classes (a wrapper
 * around the test classpath), so the check needs no packaged jar. Skipped, with a message, when
 * QEMU is not installed; CI installs it.
 */
class QemuComparisonScriptTest {
    @Test
    void everyTestKernelPrintsTheSameUnderQemuAndMinixEmu() throws IOException, InterruptedException {
        Requirements.requireTool("qemu-system-i386", "Debian: qemu-system-x86; the QEMU comparison needs it");
        String rootProperty = System.getProperty("minixemu.root");
        Path root = (rootProperty != null ? Path.of(rootProperty) : Path.of("..")).toAbsolutePath().normalize();
        Path wrapper = Files.createDirectories(Path.of("target")).resolve("minix-emu-under-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' org.minixemu.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/compare-with-qemu.sh").toString())
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("MINIX_EMU", wrapper.toAbsolutePath().toString());
        Processes.Result r = Processes.run(pb, Duration.ofMinutes(10));
        String output = r.stdout();
        System.out.println(output);
        assertEquals(0, r.status(), output);
        assertTrue(output.lines().anyMatch(l -> l.matches("\\d+ passed, 0 failed")), output);
    }
}
