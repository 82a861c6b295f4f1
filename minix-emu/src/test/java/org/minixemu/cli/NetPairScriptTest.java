package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs scripts/net-pair.sh: two minix-emu processes boot the net test kernel as ping and pong,
 * exchange Ethernet frames through the NE2000's udp back end on 127.0.0.1, and each writes a
 * pcap that {@code tshark -r} must decode (the script skips that part, saying so, when tshark is
 * not installed; CI installs it). minix-emu is this build's classes, through a small wrapper.
 */
class NetPairScriptTest {
    @Test
    void twoEmulatorsExchangeFramesOverUdpAndTheirCapturesDecode() throws IOException, InterruptedException {
        String rootProperty = System.getProperty("minixemu.root");
        Path root = (rootProperty != null ? Path.of(rootProperty) : Path.of("..")).toAbsolutePath().normalize();
        Path wrapper = Files.createDirectories(Path.of("target")).resolve("minix-emu-net-pair");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' org.minixemu.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/net-pair.sh").toString())
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("MINIX_EMU", wrapper.toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "net-pair.sh did not finish");
        System.out.println(output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.matches("\\d+ passed, 0 failed")), output);
    }
}
