package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.ANY;
import static org.minixemu.kernel.abi.Abi.CPF_DIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_INDIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_MAGIC;
import static org.minixemu.kernel.abi.Abi.CPF_READ;
import static org.minixemu.kernel.abi.Abi.CPF_USED;
import static org.minixemu.kernel.abi.Abi.CPF_VALID;
import static org.minixemu.kernel.abi.Abi.CPF_WRITE;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_SIZE;
import static org.minixemu.kernel.abi.Abi.NONE;
import static org.minixemu.kernel.abi.Abi.NR_IRQ_HOOKS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minixemu.kernel.abi.Abi;
import org.minixemu.kernel.inspect.GrantSnapshot;
import org.minixemu.kernel.inspect.IrqHookSnapshot;
import org.minixemu.kernel.inspect.KernelObserver;
import org.minixemu.kernel.inspect.PageMapping;
import org.minixemu.kernel.inspect.PrivilegeSnapshot;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * The debugger's window on a kernel: snapshots of the process table, grant tables and page
 * tables, reads and writes of a process's memory through its own page tables, its saved
 * registers, and signals injected through the kernel's own signal path.
 *
 * <p>Not thread-safe, like the kernel: call it on the machine's thread, from a
 * {@link KernelObserver} callback or while the kernel is not running.
 */
public final class KernelInspector {
    private final Kernel kernel;

    public KernelInspector(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Attaches {@code observer} to the kernel (see {@link Kernel#observe}). */
    public void attach(KernelObserver observer) {
        kernel.observe(observer);
    }

    // ---- the process table ------------------------------------------------------------------

    /** Every slot in use, kernel tasks first. */
    public List<ProcessSnapshot> processes() {
        List<ProcessSnapshot> all = new ArrayList<>();
        for (Process p : kernel.table().all()) {
            if (!p.isFree()) {
                all.add(snapshot(p));
            }
        }
        return all;
    }

    /** The process named by a slot number, an endpoint or a label, if it is in use. */
    public Optional<ProcessSnapshot> find(String slotOrLabel) {
        return Optional.ofNullable(lookup(slotOrLabel)).map(this::snapshot);
    }

    /** The process in {@code slot}, if it is in use. */
    public Optional<ProcessSnapshot> process(int slot) {
        Process p = live(slot);
        return Optional.ofNullable(p).map(this::snapshot);
    }

    /** The slot of the process on the CPU or the last one that ran; empty before the first. */
    public Optional<Integer> currentSlot() {
        Process p = kernel.current();
        return p == null || p.isFree() ? Optional.empty() : Optional.of(p.slot);
    }

    /** The label of the live process with {@code endpoint}, or a name for ANY, NONE or a stale endpoint. */
    public String labelOf(int endpoint) {
        if (endpoint == ANY) {
            return "ANY";
        }
        if (endpoint == NONE) {
            return "NONE";
        }
        Process p = kernel.table().lookup(endpoint);
        return p == null ? "endpoint " + endpoint : p.program.label;
    }

    /** Clock ticks since boot. */
    public long uptimeTicks() {
        return kernel.clock() == null ? 0 : kernel.clock().uptime();
    }

    /** The clock's frequency. */
    public int hz() {
        return kernel.clock() == null ? 0 : kernel.clock().hz();
    }

    /** The IRQ hooks drivers have set. */
    public List<IrqHookSnapshot> irqHooks() {
        List<IrqHookSnapshot> hooks = new ArrayList<>();
        IrqHooks h = kernel.irqHooks();
        for (int i = 0; h != null && i < NR_IRQ_HOOKS; i++) {
            Process owner = h.hookOwner(i);
            if (owner != null) {
                hooks.add(new IrqHookSnapshot(i, h.hookLine(i), owner.program.label, h.hookPolicy(i) == Abi.IRQ_REENABLE));
            }
        }
        return hooks;
    }

    // ---- memory ----------------------------------------------------------------------------

    /**
     * Copies {@code into.length} bytes at virtual {@code address} of the process in {@code slot};
     * false, having copied nothing, when a byte is unmapped or the slot has no address space.
     */
    public boolean read(int slot, int address, byte[] into) {
        Process p = live(slot);
        return p != null && p.program.space != null && p.program.space.read(address, into, 0, into.length);
    }

    /**
     * Writes into the process's memory whatever the page protection (a debugger patches code);
     * false, having written nothing, when a page is unmapped.
     */
    public boolean write(int slot, int address, byte[] from) {
        Process p = live(slot);
        if (p == null || p.program.space == null || !p.program.space.readable(address, from.length)) {
            return false;
        }
        return p.program.space.load(address, from, 0, from.length);
    }

    /** The physical address behind a virtual one, or -1 when it is not mapped. */
    public int physicalAddress(int slot, int address) {
        Process p = live(slot);
        return p == null || p.program.space == null ? -1 : p.program.space.translate(address, false);
    }

    /** The process's mappings, consecutive pages with consecutive frames merged. */
    public List<PageMapping> mappings(int slot) {
        Process p = live(slot);
        List<PageMapping> runs = new ArrayList<>();
        if (p == null || p.program.space == null) {
            return runs;
        }
        var ram = kernel.machine().memory();
        int directory = p.program.space.directory();
        int runStart = 0, runFrame = 0, runPages = 0;
        boolean runWritable = false;
        for (int pd = 0; pd < 1024; pd++) {
            int pde = ram.read32(directory + pd * 4);
            if ((pde & AddressSpace.PRESENT) == 0) {
                continue;
            }
            for (int pt = 0; pt < 1024; pt++) {
                int pte = ram.read32((pde & ~0xFFF) + pt * 4);
                if ((pte & (AddressSpace.PRESENT | AddressSpace.USER)) != (AddressSpace.PRESENT | AddressSpace.USER)) {
                    continue;
                }
                int page = (pd << 22) | (pt << 12);
                int frame = pte & ~0xFFF;
                boolean writable = (pte & AddressSpace.WRITABLE) != 0;
                if (runPages > 0 && page == runStart + runPages * 4096 && frame == runFrame + runPages * 4096
                        && writable == runWritable) {
                    runPages++;
                    continue;
                }
                if (runPages > 0) {
                    runs.add(new PageMapping(runStart, runFrame, runPages, runWritable));
                }
                runStart = page;
                runFrame = frame;
                runPages = 1;
                runWritable = writable;
            }
        }
        if (runPages > 0) {
            runs.add(new PageMapping(runStart, runFrame, runPages, runWritable));
        }
        return runs;
    }

    /** The used entries of the process's grant table, read from its memory. */
    public List<GrantSnapshot> grants(int slot) {
        Process p = live(slot);
        List<GrantSnapshot> grants = new ArrayList<>();
        if (p == null || !p.program.hasGrantTable || p.program.space == null) {
            return grants;
        }
        byte[] e = new byte[CP_DIRECT_SIZE];
        for (int id = 0; id < p.program.grantEntries; id++) {
            if (!p.program.space.read(p.program.grantTable + id * CP_DIRECT_SIZE, e, 0, e.length)) {
                break;
            }
            int flags = Message.getInt(e, 0);
            if ((flags & CPF_USED) == 0) {
                continue;
            }
            String access = ((flags & CPF_READ) != 0 ? "r" : "") + ((flags & CPF_WRITE) != 0 ? "w" : "");
            access = access.isEmpty() ? "-" : access;
            boolean valid = (flags & CPF_VALID) != 0;
            if ((flags & CPF_INDIRECT) != 0) {
                grants.add(new GrantSnapshot(id, "indirect", access, valid, labelOf(Message.getInt(e, Abi.CP_INDIRECT_ENDPT)),
                        "grant " + Message.getInt(e, Abi.CP_INDIRECT_GID) + " of "
                                + labelOf(Message.getInt(e, Abi.CP_INDIRECT_FROM))));
            } else if ((flags & CPF_MAGIC) != 0) {
                grants.add(new GrantSnapshot(id, "magic", access, valid, labelOf(Message.getInt(e, Abi.CP_MAGIC_TO)),
                        String.format("0x%08x, %d bytes of %s", Message.getInt(e, Abi.CP_MAGIC_START),
                                Message.getInt(e, Abi.CP_MAGIC_LEN), labelOf(Message.getInt(e, Abi.CP_MAGIC_FROM)))));
            } else {
                String kind = (flags & CPF_DIRECT) != 0 ? "direct" : "?";
                grants.add(new GrantSnapshot(id, kind, access, valid, labelOf(Message.getInt(e, Abi.CP_DIRECT_ENDPT)),
                        String.format("0x%08x, %d bytes", Message.getInt(e, Abi.CP_DIRECT_START),
                                Message.getInt(e, Abi.CP_DIRECT_LEN))));
            }
        }
        return grants;
    }

    // ---- registers and control -------------------------------------------------------------

    /**
     * Sets a saved register of a process that is not on the CPU: 0-7 the general registers in
     * the CPU's order (EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI), 8 EIP, 9 EFLAGS. False for a
     * free slot, a kernel task or another index.
     */
    public boolean setRegister(int slot, int index, int value) {
        Process p = live(slot);
        if (p == null || p.isKernelTask() || index < 0 || index > 9) {
            return false;
        }
        if (index < 8) {
            p.program.registers[index] = value;
        } else if (index == 8) {
            p.program.eip = value;
        } else {
            // Only the flags a program may change itself: never IOPL, VM or the reserved bits.
            p.program.eflags = (p.program.eflags & ~0xCD5) | (value & 0xCD5) | 0x2;
        }
        return true;
    }

    /**
     * Raises {@code signal} on the process through the kernel's own path (as a fault would):
     * its signal manager is told, or, without one, it is removed with {@code reason} on the
     * console. False for a free slot or a kernel task.
     */
    public boolean signal(int slot, int signal, String reason) {
        Process p = live(slot);
        if (p == null || p.isKernelTask()) {
            return false;
        }
        kernel.signals().raise(p, signal, reason);
        return true;
    }

    // ---- helpers -------------------------------------------------------------------------

    private Process live(int slot) {
        if (slot < -Abi.NR_TASKS || slot >= Abi.NR_PROCS) {
            return null;
        }
        Process p = kernel.table().slot(slot);
        return p.isFree() || (p.program.rtsFlags & Process.DEAD) != 0 ? null : p;
    }

    private Process lookup(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (Process p : kernel.table().all()) {
            if (!p.isFree() && p.program.label.equalsIgnoreCase(name)) {
                return p;
            }
        }
        try {
            int n = Integer.decode(name);
            Process bySlot = live(n);
            return bySlot != null ? bySlot : kernel.table().lookup(n);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ProcessSnapshot snapshot(Process p) {
        List<String> notifications = new ArrayList<>();
        for (long bits = p.pendingNotifications; bits != 0; bits &= bits - 1) {
            Privilege priv = kernel.table().privilege(Long.numberOfTrailingZeros(bits));
            notifications.add(priv == null || priv.owner == null ? "?" : priv.owner.program.label);
        }
        List<String> senders = new ArrayList<>();
        for (Process s = p.callerQueue; s != null && senders.size() <= Abi.NR_PROCS; s = s.nextCaller) {
            senders.add(s.program.label);
        }
        int manager = p.priv == null ? NONE : p.priv.signalManager;
        return new ProcessSnapshot(p.slot, p.endpoint, p.generation, p.program.label, p.isKernelTask(), p == kernel.current(),
                p.program.rtsFlags, state(p), p.priority, p.quantumNanos, p.quantumLeftNanos, p.userTicks,
                manager == NONE ? "-" : labelOf(manager), p.program.pendingSignals, notifications, senders, p.program.registers,
                p.program.eip, p.program.eflags, p.program.selectors, p.program.grantTable, p.program.hasGrantTable ? p.program.grantEntries : 0,
                p.priv == null ? null : privilege(p.priv));
    }

    /** The run state in words: what a person asks first about a slot. */
    private String state(Process p) {
        if (p.isKernelTask()) {
            return "kernel task";
        }
        if (p.program.rtsFlags == 0) {
            return p == kernel.current() ? "running" : "runnable";
        }
        List<String> words = new ArrayList<>();
        if ((p.program.rtsFlags & Process.SENDING) != 0) {
            words.add("sending to " + labelOf(p.program.sendTo));
        }
        if ((p.program.rtsFlags & Process.RECEIVING) != 0) {
            words.add(((p.program.miscFlags & Process.REPLY_PENDING) != 0 ? "awaiting reply from " : "receiving from ")
                    + labelOf(p.program.getFrom));
        }
        if ((p.program.rtsFlags & Process.SIGNALED) != 0) {
            words.add("held for its signal manager");
        }
        if ((p.program.rtsFlags & Process.NO_PRIV) != 0) {
            words.add("no privileges");
        }
        if ((p.program.rtsFlags & Process.PAGEFAULT) != 0) {
            words.add("page fault, waiting for its pager");
        }
        if ((p.program.rtsFlags & Process.STOPPED) != 0) {
            words.add("stopped");
        }
        if ((p.program.rtsFlags & Process.VMINHIBIT) != 0) {
            words.add("forked, waiting for VM to build its memory");
        }
        if ((p.program.rtsFlags & Process.VMREQUEST) != 0) {
            words.add("a kernel copy waits for VM");
        }
        if ((p.program.rtsFlags & Process.DEAD) != 0) {
            words.add("dead");
        }
        return words.isEmpty() ? "flags 0x" + Integer.toHexString(p.program.rtsFlags) : String.join(", ", words);
    }

    private PrivilegeSnapshot privilege(Privilege priv) {
        List<String> targets = new ArrayList<>();
        for (Privilege other : kernel.table().privileges()) {
            if (other != null && other.owner != null && priv.maySendTo(other)) {
                targets.add(other.owner.program.label);
            }
        }
        List<String> calls = new ArrayList<>();
        for (int n = priv.kernelCalls.nextSetBit(0); n >= 0; n = priv.kernelCalls.nextSetBit(n + 1)) {
            String name = Abi.nameOf(Abi.KERNEL_CALLS, Abi.KERNEL_CALL + n);
            calls.add(name.startsWith("SYS_") ? name.substring(4) : "#" + n);
        }
        List<String> io = new ArrayList<>();
        for (int[] r : priv.ioRanges) {
            io.add(String.format("0x%x-0x%x", r[0], r[1]));
        }
        List<String> mem = new ArrayList<>();
        for (int[] r : priv.memRanges) {
            mem.add(String.format("0x%x-0x%x", r[0], r[1]));
        }
        List<Integer> irqs = new ArrayList<>();
        for (int irq = 0; irq < 32; irq++) {
            if ((priv.flags & Abi.CHECK_IRQ) != 0 && (priv.irqMask & (1 << irq)) != 0) {
                irqs.add(irq);
            }
        }
        return new PrivilegeSnapshot(priv.id, (priv.flags & Abi.SYS_PROC) == 0, names(Abi.PRIV_FLAGS, priv.flags),
                namesByBitNumber(Abi.IPC_CALLS, priv.trapMask), targets, calls, io, irqs, mem);
    }

    /** The names of the bits set in {@code value}. */
    private static List<String> names(Map<String, Integer> group, int value) {
        List<String> out = new ArrayList<>();
        group.forEach((name, bit) -> {
            if (bit != 0 && (value & bit) == bit) {
                out.add(name);
            }
        });
        return out;
    }

    /** The names whose bit number (not value) is set: the trap mask is indexed by call number. */
    private static List<String> namesByBitNumber(Map<String, Integer> group, int mask) {
        List<String> out = new ArrayList<>();
        group.forEach((name, number) -> {
            if (number >= 0 && number < 32 && (mask & (1 << number)) != 0) {
                out.add(name);
            }
        });
        return out;
    }
}
