package org.minixemu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;

/**
 * Boot images of the guest programs the benchmarks carry in their jar ({@code /guest/*.elf}),
 * and a boot of one to its power-off. Shared by the IPC benchmarks.
 */
final class GuestImages {
    private GuestImages() {
    }

    /** An image of {@code bootCfg} with the named programs, built in a temporary folder. */
    static BootImage build(String name, String bootCfg, String... programs) throws IOException {
        Path dir = Files.createTempDirectory("bench-image");
        List<Path> made = new ArrayList<>();
        try {
            Path cfg = Files.writeString(dir.resolve("boot.cfg"), bootCfg);
            made.add(cfg);
            List<Path> elfs = new ArrayList<>();
            for (String program : programs) {
                Path elf = copyResource(program, dir);
                made.add(elf);
                elfs.add(elf);
            }
            return BootImage.read(name, new ImageBuilder(cfg, elfs).toBytes());
        } finally {
            for (Path p : made) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        try (InputStream in = GuestImages.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("guest/" + name + " is not in the jar: build systests first");
            }
            Path out = dir.resolve(name);
            Files.copy(in, out);
            return out;
        }
    }

    /**
     * Boots {@code image} on the virtual clock with 16 MiB of RAM and runs it to its power-off;
     * anything but a power-off with status 0 is an error (the guest found a wrong answer).
     */
    static int bootToPowerOff(BootImage image) {
        MinixSystem system = MinixSystem.boot(image, new MinixSystem.Options(16 << 20, ClockMode.VIRTUAL,
                VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, OutputStream.nullOutputStream(), SerialInput.NONE,
                null));
        KernelResult result = system.run(null, Long.MAX_VALUE);
        if (result.outcome() != KernelResult.Outcome.POWER_OFF || result.exitStatus() != 0) {
            throw new IllegalStateException(image.name() + " failed: " + result);
        }
        try {
            system.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.exitStatus();
    }
}
