package org.minixemu.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PhysicalMemoryMap;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.image.BootImage;

/**
 * A PC with the hosted kernel on it, booted from an image: what {@code minix-emu boot} and the
 * system tests run. COM1 and the kernel's console share one output.
 */
public final class MinixSystem {
    /**
     * How to build the machine.
     *
     * @param memoryBytes RAM size
     * @param clock virtual (repeatable) or realtime
     * @param instructionsPerSecond the virtual clock's nominal speed
     * @param console where COM1 and the kernel's messages go
     * @param input COM1's input
     * @param disk the boot disk on the primary ATA master, or null for none
     * @param nic the NE2000 and its host back end
     */
    public record Options(int memoryBytes, ClockMode clock, long instructionsPerSecond, OutputStream console,
            SerialInput input, DiskImage disk, PcMachine.Nic nic) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(console, "console");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(nic, "nic");
        }

        /** The above with an NE2000 at its defaults (0x300, IRQ 9) and no back end. */
        public Options(int memoryBytes, ClockMode clock, long instructionsPerSecond, OutputStream console,
                SerialInput input, DiskImage disk) {
            this(memoryBytes, clock, instructionsPerSecond, console, input, disk, PcMachine.Nic.DEFAULT);
        }
    }

    private final PcMachine machine;
    private final Kernel kernel;

    private MinixSystem(PcMachine machine, Kernel kernel) {
        this.machine = machine;
        this.kernel = kernel;
    }

    /**
     * Builds the machine and loads {@code image}'s boot processes.
     *
     * @throws BootException when the image cannot be started (the message says where and why)
     */
    public static MinixSystem boot(BootImage image, Options options) {
        PcMachine.Config config = new PcMachine.Config(options.console(), null, null, options.clock(),
                options.instructionsPerSecond(), PcMachine.Config.VIRTUAL_EPOCH, options.input(), options.disk(),
                null, options.nic());
        PcMachine machine = new PcMachine(new PhysicalMemoryMap(options.memoryBytes()), config);
        Kernel kernel = new Kernel(machine, options.console());
        kernel.boot(image);
        return new MinixSystem(machine, kernel);
    }

    /** Runs the system; see {@link Kernel#run}. */
    public KernelResult run(Duration wallTimeout, long guestLimitNanos) {
        return kernel.run(wallTimeout, guestLimitNanos);
    }

    /** The kernel, for inspection. */
    public Kernel kernel() {
        return kernel;
    }

    /** The machine, for inspection. */
    public PcMachine machine() {
        return machine;
    }

    /** Releases the machine's host resources (writes the disk back). */
    public void close() throws IOException {
        machine.close();
    }
}
