package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.IPC_VECTOR;
import static org.minixemu.kernel.abi.Abi.KERNEL_CALL_VECTOR;
import static org.minixemu.kernel.abi.Abi.RBT_PANIC;
import static org.minixemu.kernel.abi.Abi.RBT_REBOOT;
import static org.minixemu.kernel.abi.Abi.RBT_RESET;

import java.io.OutputStream;
import java.time.Duration;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.cpu.Exit;
import org.minixemu.cpu.HostTrapHandler;
import org.minixemu.devices.PcMachine;
import org.minixemu.image.BootImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted microkernel (DESIGN.md sections 2 and 3). It owns the process and privilege tables
 * and runs the processes on the machine's CPU in hosted mode: pick a process, load its
 * registers and page directory, run it until it traps, faults, is interrupted or uses up its
 * slice, save it, and handle what happened. IPC ({@link Ipc}), kernel calls
 * ({@link KernelCalls}), the clock ({@link ClockTask}) and IRQ hooks ({@link IrqHooks}) are
 * their own classes; this one is the loop and the process lifecycle.
 */
public final class Kernel {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    /** Where the GDT lives: below the first megabyte, which the frame allocator never hands out. */
    static final int GDT_BASE = 0x1000;
    static final int USER_CS = 0x1B, USER_DS = 0x23;
    private static final int USER_CODE_ATTRIBUTES = Descriptor.FLAT_CODE32 | (3 << Descriptor.DPL_SHIFT);
    private static final int USER_DATA_ATTRIBUTES = Descriptor.FLAT_DATA32 | (3 << Descriptor.DPL_SHIFT);
    /** Passes of the run loop between two looks at the wall clock (a power of two). */
    private static final int WALL_CHECK_INTERVAL = 64;
    /** Interrupts enabled, reserved bit 1 set: what every process starts with. */
    static final int USER_EFLAGS = 0x202;

    private final PcMachine machine;
    private final Cpu cpu;
    private final KernelConsole console;
    private final ProcessTable table = new ProcessTable();
    private final Scheduler scheduler = new Scheduler();
    private final FrameAllocator frames;
    private final Ipc ipc;
    private final Signals signals;
    private final KernelCalls kernelCalls;
    private final MemoryRequests memoryRequests;
    /** VM's start-up picture (GET_BOOTINFO), or null when the image has no VM. */
    private byte[] bootInfo;
    /** VM edited live page tables (VMCTL_FLUSHTLB): the next switch reloads CR3 whatever it was. */
    private boolean flushTlb;
    private ClockTask clock;
    private IrqHooks irqHooks;
    private KernelResult stopped;
    /** The page-fault message a pager receives, reused. */
    private final Message pageFault = new Message();
    /** The process on the CPU, or the last one that ran (the clock bills ticks to it). */
    private Process current;
    /** The debugger's or tracer's ears; NONE costs nothing. */
    private org.minixemu.kernel.inspect.KernelObserver observer = org.minixemu.kernel.inspect.KernelObserver.NONE;
    /** The process whose registers are in the CPU, or null when every process's are saved. */
    private Process onCpu;
    /** Guest time when {@link #onCpu} got the CPU: its quantum is charged from there. */
    private long sliceStart;

    // The limits of the current run, checked after each pass of the loop and by the traps
    // handled inside the CPU loop ({@link #trapInLoop}), which make the same passes.
    private long wallStart;
    private long wallLimit = Long.MAX_VALUE;
    private long guestStart;
    private long guestLimit = Long.MAX_VALUE;
    private int passes;
    /** How the run ends, found by a trap handled inside the CPU loop; null while it goes on. */
    private KernelResult ending;

    private long cpuRuns;
    private long trapsInLoop;

    /**
     * A kernel for {@code machine}, printing its own messages and the processes' diagnostics on
     * {@code console}. Call {@link #boot} and then {@link #run}.
     */
    public Kernel(PcMachine machine, OutputStream console) {
        this.machine = machine;
        this.cpu = machine.cpu();
        this.console = new KernelConsole(console);
        this.frames = new FrameAllocator(machine.memory().ramSize());
        this.ipc = new Ipc(table, scheduler, () -> clock == null ? 0 : clock.uptime());
        this.signals = new Signals(this, table, scheduler, ipc);
        this.console.attach(table, signals);
        this.memoryRequests = new MemoryRequests(this);
        ipc.setMemoryRequests(memoryRequests);
        ipc.setDelayedSendDone(p -> {
            // Only a manager asks for a delayed stop, and only it needs to hear that the send
            // is done; a process whose manager is gone is not killed for it.
            if (p.priv != null && p.priv.signalManager != org.minixemu.kernel.abi.Abi.NONE
                    && table.lookup(p.priv.signalManager) != null) {
                signals.raise(p, org.minixemu.kernel.abi.Abi.SIGSNDELAY, "send completed after a delayed stop");
            }
        });
        this.kernelCalls = new KernelCalls(this, machine.io(), signals);
    }

    /**
     * Loads the boot processes of {@code image} and readies the machine: page tables, the PICs,
     * the clock at the configured HZ.
     *
     * @throws BootException naming the program, the boot.cfg line and the problem
     */
    public void boot(BootImage image) {
        int hz = new BootLoader(this).load(image);
        console.kernel(new java.io.File(image.name()).getName() + ": " + image.config().processes().size() + " boot processes, clock at " + hz
                + " Hz, " + frames.freeFrames() * 4 / 1024 + " MiB free");
        setUpCpu();
        clock = new ClockTask(hz, table, ipc::notify);
        irqHooks = new IrqHooks(machine.io(), table.slot(org.minixemu.kernel.abi.Abi.HARDWARE), ipc::notify);
        irqHooks.start();
        clock.start(machine.io());
    }

    /**
     * Runs until a process powers the machine off, nothing can ever run again, or a limit passes.
     *
     * @param wallTimeout wall-clock limit, or null for none
     * @param guestLimitNanos guest-time limit in nanoseconds, or {@link Long#MAX_VALUE} for none
     */
    public KernelResult run(Duration wallTimeout, long guestLimitNanos) {
        wallStart = System.nanoTime();
        wallLimit = wallTimeout == null ? Long.MAX_VALUE : wallTimeout.toNanos();
        guestStart = machine.clock().nanos();
        guestLimit = guestLimitNanos;
        passes = 0;
        ending = null;
        try {
            while (stopped == null) {
                handleInterrupts();
                Process p = scheduler.pick();
                if (p == null) {
                    current = null;
                    if (!clock.anyAlarm() && !irqHooks.anyHook()) {
                        return stuck();
                    }
                    if (!machine.waitForEvent(wallStart, wallLimit, guestStart)) {
                        return stuck();
                    }
                } else if (p.program.redoTrap != 0) {
                    // VM has made the memory of a suspended copy accessible: run the trap again.
                    int vector = p.program.redoTrap;
                    p.program.redoTrap = 0;
                    current = p;
                    handleTrap(p, vector);
                } else {
                    runSlice(p);
                }
                KernelResult end = ending != null ? ending : endOfPass();
                if (end != null) {
                    return end;
                }
            }
            return stopped;
        } catch (RuntimeException e) {
            // Nothing a guest does may get here; if something does, it is a kernel bug. Stop the
            // machine with one line that names it, rather than a stack trace in the user's face.
            LOG.error("kernel error", e);
            String message = "internal error: " + e + (e.getStackTrace().length > 0 ? " at "
                    + e.getStackTrace()[0] : "");
            console.kernel(message);
            return new KernelResult(KernelResult.Outcome.KERNEL_ERROR, 0, message);
        } finally {
            // The tty's output first, then the text it did not get to print.
            machine.drainOutput();
            console.flushToHost(stopped != null);
        }
    }

    /**
     * The checks after each pass of the loop: a power-off through a port (which sets
     * {@link #stopped}), then the run's limits; a result ends the run.
     */
    private KernelResult endOfPass() {
        if (stopped == null && machine.isPoweredOff()) {
            stopped = new KernelResult(KernelResult.Outcome.POWER_OFF, machine.powerOffStatus(),
                    "powered off through a device port");
        }
        // The wall clock only bounds the run: read it every WALL_CHECK_INTERVAL passes, not at
        // every IPC trap.
        if (stopped == null && wallLimit != Long.MAX_VALUE && (++passes & (WALL_CHECK_INTERVAL - 1)) == 0
                && System.nanoTime() - wallStart >= wallLimit) {
            return new KernelResult(KernelResult.Outcome.TIMEOUT, 0, "wall-clock timeout");
        }
        if (stopped == null && machine.clock().nanos() - guestStart >= guestLimit) {
            return new KernelResult(KernelResult.Outcome.GUEST_TIME_LIMIT, 0, "guest-time limit");
        }
        return null;
    }

    /**
     * Every process is blocked and no alarm or IRQ hook can wake one: the system is over. The
     * console says who waits for whom, which is what one needs to see a deadlock.
     */
    private KernelResult stuck() {
        StringBuilder waits = new StringBuilder();
        for (Process p : table.all()) {
            if (p.isFree() || p.isKernelTask()) {
                continue;
            }
            waits.append(waits.length() == 0 ? "" : ", ").append(p.program.label);
            if ((p.program.rtsFlags & Process.SENDING) != 0) {
                waits.append(" sending to ").append(describe(p.program.sendTo));
            } else if ((p.program.rtsFlags & Process.RECEIVING) != 0) {
                waits.append(" receiving from ").append(describe(p.program.getFrom));
            }
        }
        String message = "no process can run and nothing can wake one"
                + (waits.length() == 0 ? " (every process has ended)" : ": " + waits);
        console.kernel(message);
        return new KernelResult(KernelResult.Outcome.STUCK, 0, message);
    }

    private String describe(int endpoint) {
        if (endpoint == org.minixemu.kernel.abi.Abi.ANY) {
            return "ANY";
        }
        Process p = table.lookup(endpoint);
        return p == null ? "endpoint " + endpoint : p.program.label;
    }

    /**
     * Runs {@code p} for the rest of its quantum (or to the next event) and handles its exit.
     * Traps handled inside the CPU loop may have handed the CPU on meanwhile: the exit is then
     * the last process's, or there is none to handle when such a trap ended the run.
     */
    private void runSlice(Process first) {
        putOnCpu(first);
        cpuRuns++;
        Exit exit = machine.runSlice(observer.beforeSlice(first.slot, quantumBudget(first)));
        Process p = onCpu;
        if (p == null) {
            return; // a trap handled in the loop saved the last process and ended the run
        }
        long before = sliceStart;
        takeOffCpu(p);
        if (observer != org.minixemu.kernel.inspect.KernelObserver.NONE) {
            machine.flushHostOutput(); // a debugger may stop here: show everything written so far
        }
        boolean debuggerTookExit = observer.afterSlice(p.slot, before, machine.clock().nanos(), exit);
        switch (debuggerTookExit ? org.minixemu.cpu.ExitKind.BUDGET : exit.kind()) {
            case SOFTWARE_INTERRUPT -> handleTrap(p, exit.vector());
            case EXCEPTION -> exception(p, exit);
            case SHUTDOWN -> {
                if (stopped == null) {
                    stopped = new KernelResult(KernelResult.Outcome.POWER_OFF, machine.powerOffStatus(),
                            "machine shut down");
                }
            }
            default -> {
                // BUDGET, INTERRUPT: time or an IRQ; handled below and at the top of the loop.
            }
        }
        if (p.isRunnable() && p.quantumLeftNanos <= 0) {
            scheduler.expired(p);
        }
    }

    /**
     * An IPC or kernel-call trap taken inside the CPU loop (the machine has brought the clock up
     * to it and found no device event or host service due): does what the loop does after a
     * SOFTWARE_INTERRUPT exit -- the rest of {@link #runSlice}, the checks after the pass, the
     * pick of the next process -- and, unless an interrupt is pending, nothing can run, a trap
     * must be redone or the run ends, puts the next process on the CPU and lets it run for its
     * quantum without leaving the loop. Runs on the virtual clock are unchanged, instruction for
     * instruction. With an observer attached it declines: a debugger sees every exit.
     */
    private long trapInLoop(int vector) {
        Process p = onCpu;
        if (p == null || observer != org.minixemu.kernel.inspect.KernelObserver.NONE) {
            return HostTrapHandler.DECLINE;
        }
        trapsInLoop++;
        takeOffCpu(p);
        handleTrap(p, vector);
        if (p.isRunnable() && p.quantumLeftNanos <= 0) {
            scheduler.expired(p);
        }
        ending = endOfPass();
        if (ending != null || stopped != null || machine.interrupts().interruptPending()) {
            return 0; // the loop ends the run or handles the interrupts first
        }
        Process next = scheduler.pick();
        if (next == null || next.program.redoTrap != 0) {
            return 0; // the loop idles, or runs the trap again
        }
        putOnCpu(next);
        return quantumBudget(next);
    }

    private void putOnCpu(Process p) {
        current = p;
        enter(p);
        onCpu = p;
        sliceStart = machine.clock().nanos();
    }

    /** Instructions until {@code p}'s quantum is used up, from {@link #sliceStart}. */
    private long quantumBudget(Process p) {
        return Math.max(1, machine.clock().instructionsUntil(sliceStart + p.quantumLeftNanos));
    }

    /** Saves {@code p}'s registers and charges its quantum for the time it had the CPU. */
    private void takeOffCpu(Process p) {
        onCpu = null;
        leave(p);
        p.quantumLeftNanos -= machine.clock().nanos() - sliceStart;
    }

    /**
     * How many times the kernel has run the CPU: each run ends with one exit from
     * {@code Cpu.run}. With {@link #trapsInLoop()}, what a benchmark or test counts to see the
     * host work per IPC.
     */
    public long cpuRuns() {
        return cpuRuns;
    }

    /**
     * How many IPC and kernel-call traps were handled inside the CPU loop, without an exit of
     * their own (the run ends after one only when the loop must look at something first).
     */
    public long trapsInLoop() {
        return trapsInLoop;
    }

    /** An IPC or kernel-call trap of {@code p}; a finished one forgets its memory requests. */
    private void handleTrap(Process p, int vector) {
        if (vector == IPC_VECTOR) {
            ipc.trap(p);
        } else if (vector == KERNEL_CALL_VECTOR) {
            observer.kernelCall(p.slot);
            kernelCalls.trap(p);
        }
        if (p.program.redoTrap == 0 && (p.program.rtsFlags & Process.VMREQUEST) == 0) {
            p.program.vmTries = 0;
        }
    }

    /** Acknowledges and handles every pending IRQ: the clock's, then the hooked ones. */
    private void handleInterrupts() {
        while (machine.interrupts().interruptPending()) {
            int irq = IrqHooks.irqOf(machine.interrupts().acknowledge());
            observer.interrupt(irq);
            if (irq == 0) {
                clock.tick(current);
            } else if (irq > 0) {
                irqHooks.fire(irq);
            }
            if (irq >= 0) {
                irqHooks.endOfInterrupt(irq);
            }
        }
    }

    /**
     * A fault in user code: a page fault of a process with a pager goes to the pager as a
     * VM_PAGEFAULT message (the process waits); anything else becomes a signal through the
     * process's signal manager -- or, without one, the process is reported and removed.
     */
    private void exception(Process p, Exit exit) {
        Process pager = p.program.pager != null ? p.program.pager : p == vmProcess() ? null : vmProcess();
        if (exit.vector() == Cpu.PF && pager != null && table.lookup(pager.endpoint) == pager) {
            pageFault.clear();
            pageFault.setType(org.minixemu.kernel.abi.Abi.VM_PAGEFAULT);
            pageFault.putInt(org.minixemu.kernel.abi.Abi.M1_I1, exit.faultAddress());
            pageFault.putInt(org.minixemu.kernel.abi.Abi.M1_I2, exit.errorCode());
            p.program.rtsFlags |= Process.PAGEFAULT;
            scheduler.unready(p);
            ipc.sendFromKernel(p, pager, pageFault.bytes);
            return;
        }
        String where = String.format("at eip 0x%08x", p.program.eip);
        String what;
        int signal;
        switch (exit.vector()) {
            case Cpu.DE -> {
                what = "divide error";
                signal = org.minixemu.kernel.abi.Abi.SIGFPE;
            }
            case Cpu.UD -> {
                what = "invalid opcode";
                signal = org.minixemu.kernel.abi.Abi.SIGILL;
            }
            case Cpu.GP -> {
                what = "general protection fault (error 0x" + Integer.toHexString(exit.errorCode()) + ")";
                signal = org.minixemu.kernel.abi.Abi.SIGSEGV;
            }
            case Cpu.PF -> {
                what = String.format("page fault at address 0x%08x (error 0x%x)", exit.faultAddress(),
                        exit.errorCode());
                signal = org.minixemu.kernel.abi.Abi.SIGSEGV;
            }
            case Cpu.BP, Cpu.DB -> {
                what = "breakpoint";
                signal = org.minixemu.kernel.abi.Abi.SIGTRAP;
            }
            default -> {
                what = "exception " + exit.vector();
                signal = org.minixemu.kernel.abi.Abi.SIGSEGV;
            }
        }
        signals.raise(p, signal, "killed: " + what + " " + where);
    }

    /**
     * Attaches a debugger or tracer ({@link org.minixemu.kernel.inspect.KernelObserver#NONE} detaches).
     * Call it before {@link #run}, or from the observer's own callbacks.
     */
    public void observe(org.minixemu.kernel.inspect.KernelObserver o) {
        observer = java.util.Objects.requireNonNull(o, "observer");
        ipc.observer = o;
    }

    /** The process on the CPU, or the last one that ran; null when none has or it has left. */
    Process current() {
        return current;
    }

    // ---- process lifecycle (package-private for the loader and the kernel calls) -------------

    /**
     * Removes {@code p}: wakes whoever waited on it, frees its memory, hooks and privilege, and
     * leaves its slot free. With a {@code reason}, says so on the console (SYS_CLEAR is silent).
     */
    void removeProcess(Process p, String reason) {
        console.flush(p);
        if (reason != null) {
            console.kernel(p.program.label + " " + reason);
        }
        LOG.debug("{} leaves: {}", p, reason);
        scheduler.unready(p);
        p.program.rtsFlags |= Process.DEAD;
        ipc.processGone(p);
        memoryRequests.processGone(p);
        if (irqHooks != null) {
            irqHooks.removeAll(p);
        }
        if (p.priv != null && p.priv.owner == p) {
            table.releasePrivilege(p.priv);
        }
        if (p.program.ownedSpace != null) {
            p.program.ownedSpace.release();
        }
        p.priv = null;
        p.program = new ProgramState(); // SLOT_FREE: nothing of the program survives it
        p.scheduler = org.minixemu.kernel.abi.Abi.NONE;
        p.endpoint = org.minixemu.kernel.abi.Abi.NONE;
        p.pendingNotifications = 0;
        p.asyncPending = 0;
        if (current == p) {
            current = null;
        }
    }

    /** The system cannot go on (a process it cannot lose died): the machine stops with a panic. */
    void panic(String why) {
        if (stopped == null) {
            stopped = new KernelResult(KernelResult.Outcome.PANIC, 1, why);
            console.flushToHost(true);
            console.kernel("panic: " + why);
        }
    }

    /** SYS_ABORT: the machine stops with {@code status}, or stops to be started again (a reboot). */
    void abort(Process caller, int how, int status) {
        console.flush(caller);
        if (how == RBT_PANIC) {
            stopped = new KernelResult(KernelResult.Outcome.PANIC, status == 0 ? 1 : status,
                    caller.program.label + " asked for a panic stop");
        } else if (how == RBT_REBOOT || how == RBT_RESET) {
            stopped = new KernelResult(KernelResult.Outcome.REBOOT, 0, caller.program.label + " asked for a reboot");
        } else {
            stopped = new KernelResult(KernelResult.Outcome.POWER_OFF, status, caller.program.label + " powered off");
        }
        console.kernel(stopped.message() + (stopped.outcome() == KernelResult.Outcome.REBOOT ? ""
                : " (status " + stopped.exitStatus() + ")"));
    }

    /** Puts a loaded process on its run queue. */
    void start(Process p) {
        p.quantumLeftNanos = p.quantumNanos;
        scheduler.ready(p);
    }

    /** Queues {@code p} if it can run now. */
    void makeReady(Process p) {
        scheduler.ready(p);
    }

    /**
     * VM, once the boot handed it the memory: the process in VM's fixed slot with VM_SYS_PROC.
     * Null in images without a VM (kernel test images, where FORK still copies eagerly).
     */
    Process vmProcess() {
        if (bootInfo == null) {
            return null;
        }
        Process vm = table.slot(org.minixemu.kernel.abi.Abi.VM_PROC_NR);
        return vm.isFree() || vm.priv == null || (vm.priv.flags & org.minixemu.kernel.abi.Abi.VM_SYS_PROC) == 0
                ? null : vm;
    }

    void setBootInfo(byte[] bootInfo) {
        this.bootInfo = bootInfo;
    }

    /** GET_BOOTINFO's answer, or null when the image has no VM. */
    byte[] bootInfo() {
        return bootInfo;
    }

    MemoryRequests memoryRequests() {
        return memoryRequests;
    }

    /** VMCTL_FLUSHTLB: the next process switch reloads CR3, emptying the CPU's TLB. */
    void flushTlb() {
        flushTlb = true;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Ipc ipc() {
        return ipc;
    }

    Signals signals() {
        return signals;
    }

    ProcessTable table() {
        return table;
    }

    FrameAllocator frames() {
        return frames;
    }

    PcMachine machine() {
        return machine;
    }

    KernelConsole console() {
        return console;
    }

    ClockTask clock() {
        return clock;
    }

    IrqHooks irqHooks() {
        return irqHooks;
    }

    // ---- the CPU ------------------------------------------------------------------------------

    /** Flat ring-3 segments from a GDT in low memory, paging on, hosted mode with our two traps. */
    private void setUpCpu() {
        var ram = machine.memory();
        writeDescriptor(ram, 1, 0x9A); // kernel code (present for completeness; never loaded)
        writeDescriptor(ram, 2, 0x92); // kernel data
        writeDescriptor(ram, 3, 0xFA); // user code, DPL 3
        writeDescriptor(ram, 4, 0xF2); // user data, DPL 3
        cpu.setGdt(GDT_BASE, 5 * 8 - 1);
        cpu.setControlRegister(0, cpu.cr0() | 0x1);
        cpu.setSegment(Cpu.CS, USER_CS, 0, 0xFFFFFFFF, USER_CODE_ATTRIBUTES);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.setSegment(s, USER_DS, 0, 0xFFFFFFFF, USER_DATA_ATTRIBUTES);
        }
        cpu.setHostedMode(true);
        cpu.claimSoftwareInterrupt(IPC_VECTOR, true);
        cpu.claimSoftwareInterrupt(KERNEL_CALL_VECTOR, true);
        machine.setTrapHandler(this::trapInLoop);
    }

    /** A flat 4 GiB descriptor with access byte {@code access}, 32-bit, page granular. */
    private static void writeDescriptor(org.minixemu.devices.PhysicalMemoryMap ram, int index, int access) {
        int at = GDT_BASE + index * 8;
        ram.write32(at, 0x0000FFFF);
        ram.write32(at + 4, (access << 8) | 0x000F0000 | (0xC << 20));
    }

    private void enter(Process p) {
        for (int r = 0; r < 8; r++) {
            cpu.setRegister(r, p.program.registers[r]);
        }
        cpu.setEip(p.program.eip);
        cpu.setEflags(p.program.eflags);
        int directory = p.program.space.directory();
        if (flushTlb || (cpu.cr0() & 0x80000000) == 0) {
            // VM edited live page tables (or paging is not on yet): forget every translation.
            flushTlb = false;
            cpu.setControlRegister(3, directory);
            if ((cpu.cr0() & 0x80000001) != 0x80000001) {
                cpu.setControlRegister(0, cpu.cr0() | 0x80000001); // once: paging stays on
            }
        } else if (cpu.controlRegister(3) != directory) {
            // A process switch keeps each address space's translations: the CPU sees the guest's
            // writes to page tables, and the kernel's copies reach it through the memory map's
            // host-write listener, so nothing kept can be stale. A flushing CR3 load here cost
            // more than the whole round trip (it clears the CPU's table-frame bitmap).
            cpu.switchAddressSpace(directory);
        }
        for (int s = 0; s < 6; s++) {
            if (cpu.segmentSelector(s) != p.program.selectors[s]) {
                loadSelector(s, p.program.selectors[s]);
            }
        }
    }

    private void leave(Process p) {
        for (int r = 0; r < 8; r++) {
            p.program.registers[r] = cpu.register(r);
        }
        p.program.eip = cpu.eip();
        p.program.eflags = cpu.eflags();
        for (int s = 0; s < 6; s++) {
            p.program.selectors[s] = cpu.segmentSelector(s);
        }
    }

    /** Reloads a selector a process had: one of our two user descriptors, or null. */
    private void loadSelector(int seg, int selector) {
        int index = selector >>> 3;
        if (index == 3) {
            cpu.setSegment(seg, selector, 0, 0xFFFFFFFF, USER_CODE_ATTRIBUTES);
        } else if (index == 4) {
            cpu.setSegment(seg, selector, 0, 0xFFFFFFFF, USER_DATA_ATTRIBUTES);
        } else {
            cpu.setSegment(seg, selector, 0, 0, 0);
        }
    }

    /** Initial registers of a new process: flat user segments, IF set, ESP and EIP as given. */
    static void initialContext(Process p, int entry, int stackPointer) {
        java.util.Arrays.fill(p.program.registers, 0);
        p.program.registers[Cpu.ESP] = stackPointer;
        p.program.eip = entry;
        p.program.eflags = USER_EFLAGS;
        p.program.selectors[Cpu.CS] = USER_CS;
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            p.program.selectors[s] = USER_DS;
        }
    }
}
