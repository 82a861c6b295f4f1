package org.minixemu.kernel.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.ata.DiskImageException;
import org.minixemu.devices.ScriptedSerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import org.minixemu.testsupport.Requirements;

/**
 * The system-test harness: builds a disk image from a boot.cfg and guest programs of
 * {@code systests/}, boots it on the virtual clock with scripted console input, and returns the
 * console output and how the run ended.
 *
 * <pre>
 *   Run run = new GuestSystem(dir).config("process ping { ... }").programs("ping", "pong").boot();
 * </pre>
 */
final class GuestSystem {
    /** Guest time after which a test run is cut off (it should have powered off long before). */
    static final long DEFAULT_GUEST_LIMIT = 60_000_000_000L;

    private final Path dir;
    private String config = "";
    private final List<Path> programs = new ArrayList<>();
    private final ScriptedSerialInput input = new ScriptedSerialInput();
    private int memoryBytes = 64 << 20;
    private long guestLimit = DEFAULT_GUEST_LIMIT;
    private Duration wallLimit = Duration.ofMinutes(5);
    private Path diskFile;
    private long scratchBytes;
    private PcMachine.Nic nic = PcMachine.Nic.DEFAULT;
    private ClockMode clock = ClockMode.VIRTUAL;
    private org.minixemu.kernel.inspect.KernelObserver observer;

    /** @param dir a scratch folder for the image (JUnit's {@code @TempDir}) */
    GuestSystem(Path dir) {
        this.dir = dir;
    }

    /** The folder the C build put the guest programs in. */
    static Path programsFolder() {
        String root = System.getProperty("minixemu.root");
        // Built by the reactor before this module's tests; missing only in a narrow build.
        return Requirements.requireFolder(Path.of(root == null ? ".." : root).resolve("systests/target"),
                "guest programs not built (mvn -pl systests compile)");
    }

    GuestSystem config(String bootCfg) {
        this.config = bootCfg;
        return this;
    }

    /** Adds {@code systests/target/NAME.elf} for each name. */
    GuestSystem programs(String... names) {
        for (String name : names) {
            programs.add(programsFolder().resolve(name + ".elf"));
        }
        return this;
    }

    /**
     * Adds {@code MODULE/target/NAME.elf} for each name, from another C module of the build
     * ({@code servers}, {@code commands}).
     */
    GuestSystem programsFrom(String module, String... names) {
        String root = System.getProperty("minixemu.root");
        Path folder = Requirements.requireFolder(Path.of(root == null ? ".." : root).resolve(module).resolve("target"),
                "guest programs not built (mvn -pl " + module + " compile)");
        for (String name : names) {
            programs.add(folder.resolve(name + ".elf"));
        }
        return this;
    }

    /** Adds a program file from anywhere (e.g. a deliberately broken one). */
    GuestSystem file(Path program) {
        programs.add(program);
        return this;
    }

    /** Console input arriving at {@code guestNanos}. */
    GuestSystem input(long guestNanos, String text) {
        input.at(guestNanos, text);
        return this;
    }

    GuestSystem memory(int bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    /** The wall-clock limit of the run (a soak needs more than the default 5 minutes). */
    GuestSystem wallLimit(Duration limit) {
        this.wallLimit = limit;
        return this;
    }

    GuestSystem guestLimit(long nanos) {
        this.guestLimit = nanos;
        return this;
    }

    /**
     * Boots from an image file at {@code file} (built there, with a zero-filled scratch
     * partition 2 of {@code scratchBytes} if not 0) that the machine writes to: after
     * {@link #boot()} the file holds what the guest wrote (the disk is written back when the
     * machine is closed).
     */
    GuestSystem diskFile(Path file, long scratchBytes) {
        this.diskFile = file;
        this.scratchBytes = scratchBytes;
        return this;
    }

    /** The NE2000's back end, address and capture (the machine closes them when it ends). */
    GuestSystem nic(PcMachine.Nic nic) {
        this.nic = nic;
        return this;
    }

    /**
     * The clock: virtual (the default, deterministic) or realtime, which only a test of two
     * machines talking over the host's network needs (on the virtual clock an idle machine
     * jumps to its next timer, so it would give up before the peer's frame arrives).
     */
    GuestSystem clock(ClockMode mode) {
        this.clock = mode;
        return this;
    }

    /**
     * Attaches {@code observer} to the kernel before the run (an observer makes every trap
     * leave the CPU loop, which is what a test comparing the two paths wants).
     */
    GuestSystem observer(org.minixemu.kernel.inspect.KernelObserver observer) {
        this.observer = observer;
        return this;
    }

    /** The image this system boots from (built on each call). */
    BootImage image() {
        try {
            Path cfg = dir.resolve("boot.cfg");
            Files.writeString(cfg, config, StandardCharsets.UTF_8);
            return BootImage.read("disk.img", new ImageBuilder(cfg, programs).toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the image, boots it and runs it to the end. */
    Run boot() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BootImage image;
        DiskImage disk = null;
        if (diskFile != null) {
            try {
                Path cfg = dir.resolve("boot.cfg");
                Files.writeString(cfg, config, StandardCharsets.UTF_8);
                new ImageBuilder(cfg, programs).scratch(scratchBytes).build(diskFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            image = BootImage.open(diskFile);
            try {
                disk = DiskImage.open(diskFile, DiskImage.Mode.READ_WRITE);
            } catch (DiskImageException e) {
                throw new IllegalStateException(e);
            }
        } else {
            image = image();
        }
        MinixSystem system = MinixSystem.boot(image, new MinixSystem.Options(memoryBytes, clock,
                VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, console, input, disk, nic));
        if (observer != null) {
            system.kernel().observe(observer);
        }
        KernelResult result = system.run(wallLimit, guestLimit);
        if (disk != null || nic != PcMachine.Nic.DEFAULT) {
            try {
                system.close(); // writes the disk back, closes the back end and the capture
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Run(result, console.toString(StandardCharsets.ISO_8859_1), system);
    }

    /** How a boot ended and what the console showed. */
    record Run(KernelResult result, String console, MinixSystem system) {
        /** The console's lines. */
        List<String> lines() {
            return console.lines().toList();
        }
    }
}
