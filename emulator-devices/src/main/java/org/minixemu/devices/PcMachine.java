package org.minixemu.devices;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.ExitKind;
import org.minixemu.cpu.Flags;
import org.minixemu.cpu.HostTrapHandler;
import org.minixemu.devices.ata.AtaChannel;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.net.CapturingBackend;
import org.minixemu.devices.net.MacAddress;
import org.minixemu.devices.net.Ne2000;
import org.minixemu.devices.net.NetworkBackend;
import org.minixemu.devices.net.NoneBackend;
import org.minixemu.devices.net.PcapWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PC: RAM and ROM ({@link PhysicalMemoryMap}), the I/O port bus, the 8259A pair, the PIT with
 * port 0x61, the CMOS/RTC, COM1 and COM2, the ATA channel (with a disk), the NE2000, the debug
 * port 0xE9, the POST port 0x80, QEMU's two power-off ports, and an i386 in bare-metal mode, all
 * on one virtual clock (docs/devices.md). It is what {@code minix-emu run} boots multiboot
 * kernels and BIOS images on.
 */
public final class PcMachine {
    /**
     * Instructions per {@link Cpu#run} call. A power-off ends the slice at once
     * ({@link Cpu#requestShutdown}); the wall-clock timeout is checked between slices.
     */
    static final long SLICE = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(PcMachine.class);

    /**
     * Where the machine's output goes.
     *
     * @param serial COM1's line (required; {@link OutputStream#nullOutputStream()} to discard)
     * @param debugcon the debug port's output, or null for no device at 0xE9 (reads 0xFF then)
     * @param postCodes receives each byte written to port 0x80, or null for no device there
     */
    public record Config(OutputStream serial, OutputStream debugcon, IntConsumer postCodes, ClockMode clock,
            long instructionsPerSecond, Instant rtcStart, SerialInput serialInput, DiskImage hda, DiskImage hdb,
            Nic nic) {
        /** The RTC's start time on the virtual clock, so that runs repeat: 2000-01-01 00:00:00 UTC. */
        public static final Instant VIRTUAL_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

        /** Checks that COM1 has somewhere to go and the clock is set. */
        public Config {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(rtcStart, "rtcStart");
            Objects.requireNonNull(serialInput, "serialInput");
            Objects.requireNonNull(nic, "nic");
        }

        /** No disks, no serial input, an NE2000 with no back end, the RTC at {@link #VIRTUAL_EPOCH}. */
        public Config(OutputStream serial, OutputStream debugcon, IntConsumer postCodes, ClockMode clock,
                long instructionsPerSecond) {
            this(serial, debugcon, postCodes, clock, instructionsPerSecond, VIRTUAL_EPOCH, SerialInput.NONE,
                    null, null, Nic.DEFAULT);
        }

        /** The above on the virtual clock at the default nominal speed. */
        public Config(OutputStream serial, OutputStream debugcon, IntConsumer postCodes) {
            this(serial, debugcon, postCodes, ClockMode.VIRTUAL, VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
        }
    }

    /**
     * The network card: its host back end, station address, I/O base and IRQ, and an optional
     * capture of every frame in and out.
     */
    public record Nic(NetworkBackend backend, MacAddress mac, int ioBase, int irq, PcapWriter pcap) {
        public static final Nic DEFAULT = new Nic(NoneBackend.INSTANCE, MacAddress.DEFAULT,
                Ne2000.DEFAULT_IO_BASE, Ne2000.DEFAULT_IRQ, null);

        public Nic {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(mac, "mac");
        }
    }

    private final PhysicalMemoryMap memory;
    private final IoBus io = new IoBus();
    private final Cpu cpu;
    private final Uart16550 com1;
    private final Uart16550 com2;
    private final Pit8254 pit;
    private final SystemControlPort systemControl;
    private final CmosRtc rtc;
    private final AtaChannel ata;
    private final Ne2000 nic;
    private final DebugPort debugPort;
    private final PowerControl power;
    private final VirtualClock clock;
    private final EventQueue events;
    private final MachineClock machineClock;
    private final InterruptControllers pics;
    private final ClockMode clockMode;
    private final java.time.Instant rtcStart;
    private final List<HostInput> hostInputs = new ArrayList<>();
    private SafePointListener safePoints;
    private java.util.function.LongConsumer idleListener;

    /**
     * Wires the board around {@code memory} (which the caller may already have loaded). The CPU
     * starts in its reset state; a boot loader sets the state it wants before {@link #run}.
     *
     * @throws IllegalArgumentException if two devices claim the same I/O port
     */
    public PcMachine(PhysicalMemoryMap memory, Config config) {
        this.memory = memory;
        this.cpu = new Cpu(memory);
        memory.setHostWriteListener(cpu::hostWrote); // a host's copy into a page table flushes the TLB
        this.clockMode = config.clock();
        this.rtcStart = config.rtcStart();
        this.clock = new VirtualClock(config.instructionsPerSecond());
        this.events = new EventQueue(clock);
        this.machineClock = new MachineClock(cpu, clock, events, io);
        cpu.setIoPorts(machineClock);
        cpu.setTimeStampCounter(machineClock);
        pics = new InterruptControllers(cpu);
        pics.attachTo(io);
        com1 = new Uart16550("COM1", events, pics.line(Uart16550.COM1_IRQ),
                SerialBackend.of("COM1", config.serial(), config.serialInput()));
        com1.attachTo(io, Uart16550.COM1);
        addHostInput(com1);
        com2 = new Uart16550("COM2", events, pics.line(Uart16550.COM2_IRQ), SerialBackend.NONE);
        com2.attachTo(io, Uart16550.COM2);
        pit = new Pit8254(events, pics.line(0));
        pit.attachTo(io);
        systemControl = new SystemControlPort(pit);
        systemControl.attachTo(io);
        rtc = new CmosRtc(events, pics.line(8), config.rtcStart(), memory.ramSize());
        rtc.attachTo(io);
        if (config.hda() != null) {
            ata = AtaChannel.primary(events, pics.line(AtaChannel.PRIMARY_IRQ), config.hda(), config.hdb());
            ata.attachTo(io);
        } else if (config.hdb() != null) {
            throw new IllegalArgumentException("a slave disk (hdb) needs a master disk (hda)");
        } else {
            ata = null; // no drives: the ports stay unclaimed and read 0xFF, as an empty channel floats
        }
        Nic card = config.nic();
        NetworkBackend backend = card.pcap() == null ? card.backend()
                : new CapturingBackend(card.backend(), card.pcap(), clock);
        nic = new Ne2000(events, pics.line(card.irq()), backend, card.mac());
        nic.attachTo(io, card.ioBase());
        addHostInput(new HostInput() {
            @Override
            public void poll() {
                nic.pollHost();
            }

            @Override
            public boolean open() {
                return nic.backend().canReceive();
            }
        });
        debugPort = config.debugcon() == null ? null : new DebugPort(config.debugcon());
        if (debugPort != null) {
            debugPort.attachTo(io);
        }
        if (config.postCodes() != null) {
            new PostCodePort(config.postCodes()).attachTo(io);
        }
        power = new PowerControl(() -> {
            io.powerOff();
            cpu.requestShutdown();
        });
        power.attachTo(io);
    }

    /** The time of day the CMOS clock showed at power-on (its battery-backed time). */
    public java.time.Instant rtcStart() {
        return rtcStart;
    }

    /** The processor, for loaders and debuggers. */
    public Cpu cpu() {
        return cpu;
    }

    /** Physical memory. */
    public PhysicalMemoryMap memory() {
        return memory;
    }

    /** Guest time. */
    public VirtualClock clock() {
        return clock;
    }

    /** The event queue every device schedules on. */
    public EventQueue events() {
        return events;
    }

    /** The 8259A pair: {@code interrupts().line(irq)} is IRQ {@code irq}'s input. */
    public InterruptControllers interrupts() {
        return pics;
    }

    /** COM1, the console port. */
    public Uart16550 com1() {
        return com1;
    }

    /**
     * Sets the one listener told, with the guest time, each time the machine idles: the guest has
     * halted (bare metal) or nothing can run (the hosted kernel), and time moves on to the next
     * device event. Null for none. Called on the machine's thread; it must return at once.
     */
    public void setIdleListener(java.util.function.LongConsumer listener) {
        this.idleListener = listener;
    }
    /**
     * Guest time between two services of the host side (input polled, output flushed) by
     * {@link #runSlice}: one guest millisecond. Scripted input does not depend on it (it arrives
     * by its own timer events), so runs on the virtual clock repeat exactly as before; a
     * terminal sees output within a guest millisecond, and at once when the guest idles.
     */
    static final long HOST_SERVICE_NANOS = 1_000_000L;
    /** Guest time of the next host service in {@link #runSlice}. */
    private long nextHostService;
    /** The host's trap handler ended the current run (see {@link #setTrapHandler}). */
    private boolean trapEndedSlice;

    /** Registers a device's host input, polled between slices. */
    public void addHostInput(HostInput input) {
        hostInputs.add(input);
    }

    /**
     * Sets the one listener {@link #run} tells between slices (a debugger), or null for none.
     * Set it before {@link #run}, from the thread that will run the machine.
     */
    public void setSafePointListener(SafePointListener listener) {
        this.safePoints = listener;
    }

    /** The I/O port bus. */
    public IoBus io() {
        return io;
    }

    /**
     * One slice for a host that drives the CPU itself (the hosted kernel): runs at most
     * {@code budget} instructions, ending early at the next device event, then brings the clock
     * up to date and runs the events that are due. Host input is polled and output flushed at
     * most once per {@link #HOST_SERVICE_NANOS} of guest time, not at every exit: the hosted
     * kernel leaves the CPU loop for every IPC trap, and a poll and a flush cost more than the
     * trap. The returned {@link Exit} is the CPU's reused object.
     */
    public Exit runSlice(long budget) {
        long deadline = events.nextDeadline();
        long slice = Math.min(budget, clock.instructionsUntil(deadline));
        machineClock.startSlice(deadline);
        trapEndedSlice = false;
        Exit exit = cpu.run(slice);
        machineClock.sync();
        if (trapEndedSlice) {
            // The host's trap handler ended the run after its own between-slice work; the
            // machine's was checked before it (nothing due), and what the handler armed runs
            // after the next slice's first instruction, as it would have after an exit.
            return exit;
        }
        events.runDue();
        long now = clock.nanos();
        if (now >= nextHostService) {
            nextHostService = now + HOST_SERVICE_NANOS;
            pollHostInputs();
            flushOutput();
        }
        return exit;
    }

    /**
     * Lets a host that drives the CPU through {@link #runSlice} handle its claimed traps inside
     * the CPU loop ({@link HostTrapHandler}); null removes it. The machine's between-slice work
     * comes first, exactly as after an exit: the clock is brought up to the INT, and when a
     * device event or the host service is due the trap is declined (it leaves the loop, and
     * {@link #runSlice} runs them before the host sees it). The host's handler returns how many
     * instructions the process it leaves on the CPU may run (its quantum); the machine bounds
     * that by the next device event, as {@link #runSlice} bounds a slice. A handler that returns
     * 0 ends the run with the between-slice work done.
     */
    public void setTrapHandler(HostTrapHandler handler) {
        if (handler == null) {
            cpu.setHostTrapHandler(null);
            return;
        }
        cpu.setHostTrapHandler(vector -> {
            machineClock.sync();
            long now = clock.nanos();
            if (events.nextDeadline() <= now || now >= nextHostService) {
                return HostTrapHandler.DECLINE;
            }
            long more = handler.trap(vector);
            if (more <= 0) {
                trapEndedSlice = more == 0;
                return more;
            }
            long deadline = events.nextDeadline();
            machineClock.startSlice(deadline);
            return Math.min(more, clock.instructionsUntil(deadline));
        });
    }

    /**
     * Nothing runs until the next device event: moves guest time there (on the realtime clock,
     * sleeping first, up to the wall-clock limit) and runs it. Returns false when no event is
     * scheduled and no host input is open, so nothing can ever happen again.
     *
     * @param wallStart {@link System#nanoTime()} when the run began
     * @param wallLimit the run's wall-clock limit in nanoseconds ({@link Long#MAX_VALUE}: none)
     * @param guestStart guest time when the run began, which the realtime clock keeps in step
     */
    public boolean waitForEvent(long wallStart, long wallLimit, long guestStart) {
        return idle(wallStart, wallLimit, guestStart);
    }

    /** Whether the guest has asked for power-off through one of the power-off ports. */
    public boolean isPoweredOff() {
        return power.isOff();
    }

    /** The exit status of a power-off through the ports. */
    public int powerOffStatus() {
        return power.exitStatus();
    }

    /**
     * Flushes what the devices have handed to their host outputs, without touching the devices
     * (unlike {@link #drainOutput}): for a host that stops between slices, a debugger's.
     */
    public void flushHostOutput() {
        flushOutput();
    }

    /** Sends what the UARTs still hold and flushes every output; call when a run ends. */
    public void drainOutput() {
        com1.drainTransmitter();
        com2.drainTransmitter();
        flushOutput();
    }

    /**
     * Runs the guest until it powers off, the processor shuts down (triple fault), it halts with
     * nothing able to wake it, or {@code timeout} of wall-clock time passes.
     *
     * @param timeout the wall-clock limit, or null for none
     */
    public RunResult run(Duration timeout) {
        long start = System.nanoTime();
        long limit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long retiredBefore = cpu.instructionsRetired();
        long guestStart = clock.nanos();
        try {
            while (true) {
                SafePointListener listener = safePoints;
                Exit exit = runSlice(listener == null ? SLICE : listener.beforeSlice(SLICE));
                if (power.isOff()) {
                    return result(RunResult.Outcome.POWER_OFF, power.exitStatus(), retiredBefore);
                }
                if (listener != null) {
                    flushOutput(); // a debugger may stop here: the user sees everything written so far
                }
                ExitKind kind = listener != null && listener.afterSlice(exit) ? ExitKind.BUDGET : exit.kind();
                switch (kind) {
                    case SHUTDOWN -> {
                        return result(RunResult.Outcome.TRIPLE_FAULT, 0, retiredBefore);
                    }
                    case HALT -> {
                        if ((cpu.eflags() & Flags.IF) == 0) {
                            return result(RunResult.Outcome.HALTED_INTERRUPTS_OFF, 0, retiredBefore);
                        }
                        if (!idle(start, limit, guestStart)) {
                            return result(RunResult.Outcome.HALTED_NO_INTERRUPT_SOURCE, 0, retiredBefore);
                        }
                    }
                    case BUDGET -> {
                    }
                    default -> throw new IllegalStateException(
                            "hosted-mode exit " + exit + " on a bare-metal machine");
                }
                if (System.nanoTime() - start >= limit) {
                    return result(RunResult.Outcome.TIMEOUT, 0, retiredBefore);
                }
            }
        } finally {
            drainOutput();
        }
    }

    /**
     * Releases what the machine holds on the host: writes disk caches back and closes the images,
     * closes the network back end and the capture. Call once, after the last {@link #run}.
     *
     * @throws IOException naming the disk image that could not be written back
     */
    public void close() throws IOException {
        try {
            nic.close();
        } finally {
            if (ata != null) {
                ata.closeImages();
            }
        }
    }

    /** Every device's registers, for the debugger. */
    public List<DeviceSnapshot> deviceSnapshots() {
        List<DeviceSnapshot> all = new ArrayList<>(pics.snapshots());
        all.add(pit.snapshot());
        all.add(systemControl.snapshot());
        all.add(rtc.snapshot());
        all.add(com1.snapshot());
        all.add(com2.snapshot());
        if (ata != null) {
            all.add(ata.snapshot());
        }
        all.add(nic.snapshot());
        return all;
    }

    /**
     * The CPU halted with interrupts enabled: move time to the next event (sleeping first on the
     * realtime clock), or wait for host input. Returns false when nothing can ever wake it.
     */
    private boolean idle(long wallStart, long wallLimit, long guestStart) {
        java.util.function.LongConsumer listener = idleListener;
        if (listener != null) {
            listener.accept(clock.nanos());
        }
        // Whatever the guest wrote is on its way before the machine waits (runSlice flushes
        // only now and then).
        flushOutput();
        // And host input is looked at on every idle: a guest that waits for it may never run a
        // slice again (only device events, a clock tick handled by the hosted kernel, pass), so
        // runSlice's periodic poll would never come, and on the virtual clock time would run on
        // through the ticks forever with the input (a pipe's next line) unread.
        pollHostInputs();
        long next = events.nextDeadline();
        if (next == Long.MAX_VALUE) {
            if (!canInterrupt()) {
                return false;
            }
            pause(1_000_000L, wallStart, wallLimit);
            pollHostInputs(); // no guest time passes here, so runSlice would not poll
            return true;
        }
        if (clockMode == ClockMode.REALTIME) {
            long wallDue = wallStart + (next - guestStart);
            long wait = wallDue - System.nanoTime();
            if (wait > 0) {
                pause(Math.min(wait, 10_000_000L), wallStart, wallLimit);
                if (System.nanoTime() < wallDue) {
                    pollHostInputs();
                    return true; // come back: host input may have arrived meanwhile
                }
            }
        }
        machineClock.idleUntil(next);
        events.runDue();
        return true;
    }

    /** Sleeps up to {@code nanos}, but not past the run's wall-clock limit. */
    private static void pause(long nanos, long wallStart, long wallLimit) {
        long left = wallLimit == Long.MAX_VALUE ? nanos : wallLimit - (System.nanoTime() - wallStart);
        long sleep = Math.max(0, Math.min(nanos, left));
        try {
            Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollHostInputs() {
        for (HostInput input : hostInputs) {
            input.poll();
        }
    }

    /** Whether anything outside the guest may still make an interrupt: an open host input. */
    private boolean canInterrupt() {
        for (HostInput input : hostInputs) {
            if (input.open()) {
                return true;
            }
        }
        return false;
    }

    private RunResult result(RunResult.Outcome outcome, int status, long retiredBefore) {
        RunResult r = new RunResult(outcome, status, cpu.eip(), cpu.instructionsRetired() - retiredBefore);
        LOG.debug("machine stopped: {}", r);
        return r;
    }

    private void flushOutput() {
        com1.flush();
        if (debugPort != null) {
            debugPort.flush();
        }
    }
}
