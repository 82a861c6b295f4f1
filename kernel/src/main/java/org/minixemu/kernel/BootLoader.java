package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.CHECK_IO_PORT;
import static org.minixemu.kernel.abi.Abi.CHECK_IRQ;
import static org.minixemu.kernel.abi.Abi.BOOT_SLOTS;
import static org.minixemu.kernel.abi.Abi.KERNEL_TASKS;
import static org.minixemu.kernel.abi.Abi.MAGIC_GRANT_PROC;
import static org.minixemu.kernel.abi.Abi.PM_PROC_NR;
import static org.minixemu.kernel.abi.Abi.ROOT_SYS_PROC;
import static org.minixemu.kernel.abi.Abi.RS_PROC_NR;
import static org.minixemu.kernel.abi.Abi.VFS_PROC_NR;
import static org.minixemu.kernel.abi.Abi.VM_PROC_NR;
import static org.minixemu.kernel.abi.Abi.VM_SYS_PROC;
import static org.minixemu.kernel.abi.Abi.NONE;
import static org.minixemu.kernel.abi.Abi.NR_SYS_CALLS;
import static org.minixemu.kernel.abi.Abi.NR_SYS_PROCS;
import static org.minixemu.kernel.abi.Abi.NR_TASKS;
import static org.minixemu.kernel.abi.Abi.PAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.PREEMPTIBLE;
import static org.minixemu.kernel.abi.Abi.RECEIVE;
import static org.minixemu.kernel.abi.Abi.SEND;
import static org.minixemu.kernel.abi.Abi.SENDA;
import static org.minixemu.kernel.abi.Abi.SENDNB;
import static org.minixemu.kernel.abi.Abi.SENDREC;
import static org.minixemu.kernel.abi.Abi.NOTIFY;
import static org.minixemu.kernel.abi.Abi.SYS_PROC;
import static org.minixemu.kernel.abi.Abi.USER_STACK_SIZE;
import static org.minixemu.kernel.abi.Abi.USER_STACK_TOP;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minixemu.image.BootConfig;
import org.minixemu.image.BootImage;
import org.minixemu.image.ProcessSpec;
import org.minixemu.kernel.elf.ElfFormatException;
import org.minixemu.kernel.elf.ElfProgram;
import org.minixemu.kernel.elf.ElfSegment;

/**
 * Plays boot monitor: creates the kernel tasks, then for each process of boot.cfg (in order,
 * slot 0, 1, ...) checks and loads its ELF program into a fresh address space, builds its stack
 * with argv, and fills in its privileges from the config. Any problem stops the boot with a
 * {@link BootException} naming the boot.cfg line, the program and what was wrong.
 */
final class BootLoader {
    static final int ALL_IPC_CALLS = (1 << SEND) | (1 << RECEIVE) | (1 << SENDREC) | (1 << NOTIFY)
            | (1 << SENDNB) | (1 << SENDA);

    private final Kernel kernel;
    private final ProcessTable table;

    BootLoader(Kernel kernel) {
        this.kernel = kernel;
        this.table = kernel.table();
    }

    /** Loads every boot process and readies it; returns the clock frequency the config asks for. */
    int load(BootImage image) {
        BootConfig config = image.config();
        createKernelTasks();
        List<ProcessSpec> specs = config.processes();
        int maxBoot = NR_SYS_PROCS - NR_TASKS - 1; // one privilege id stays for the user processes
        if (specs.size() > maxBoot) {
            throw new BootException(config.problem(specs.get(maxBoot).line(),
                    "too many boot processes: at most " + maxBoot).getMessage());
        }
        int[] slots = assignSlots(specs);
        Map<String, Integer> endpoints = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            endpoints.put(specs.get(i).label(), Endpoints.of(0, slots[i]));
        }
        Map<String, Process> byLabel = new HashMap<>();
        List<Process> loaded = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ProcessSpec spec = specs.get(i);
            Process p = table.slot(slots[i]);
            p.program.label = spec.label();
            p.generation = 0;
            p.endpoint = Endpoints.of(0, slots[i]);
            if (spec.type() == ProcessSpec.Type.USER) {
                refuseForUser(config, spec);
                p.priv = table.userPrivilege();
                if (p.priv.owner == null) {
                    p.priv.owner = p;
                }
            } else {
                Privilege priv = table.createPrivilege(NR_TASKS + slots[i]);
                priv.owner = p;
                priv.flags = SYS_PROC | PREEMPTIBLE;
                if (BOOT_SLOTS.containsKey(spec.label().toUpperCase(Locale.ROOT) + "_PROC_NR")) {
                    // Only the process the slot is named for gets its rights, not one that
                    // merely took the free slot.
                    priv.flags |= fixedSlotFlags(slots[i]);
                }
                priv.trapMask = ALL_IPC_CALLS;
                setKernelCalls(config, spec, priv);
                setPortsAndIrqs(spec, priv);
                p.priv = priv;
            }
            loadProgram(config, spec, image.program(spec), argv(config, spec, endpoints), p);
            p.priority = spec.priority();
            p.quantumNanos = spec.quantumMs() * 1_000_000L;
            byLabel.put(spec.label(), p);
            loaded.add(p);
        }
        for (int i = 0; i < specs.size(); i++) {
            setIpcTargets(config, specs.get(i), loaded.get(i), byLabel, loaded);
            setSignalManager(specs.get(i), loaded.get(i), byLabel);
        }
        for (Privilege priv : table.privileges()) {
            if (priv != null) {
                table.makeIpcSymmetric(priv);
            }
        }
        Process pm = byLabel.get("pm");
        if (pm != null && pm.endpoint == PM_PROC_NR && (pm.priv.flags & SYS_PROC) != 0) {
            // PM is the signal manager of every user process (minix3-facts.md section 4).
            table.userPrivilege().signalManager = PM_PROC_NR;
        }
        Process vm = byLabel.get("vm");
        if (vm != null && vm.endpoint == VM_PROC_NR && (vm.priv.flags & VM_SYS_PROC) != 0) {
            kernel.setBootInfo(new VmHandover(kernel, table).handOver(image, loaded, vm));
        }
        for (Process p : loaded) {
            p.program.rtsFlags = 0;
            kernel.start(p);
        }
        return config.hz();
    }

    /**
     * The slot of each boot process: a label named in the ABI's boot_slots ('pm', 'vm', 'init',
     * ...) takes its fixed slot, so servers find each other without DS; the others take the
     * lowest free slots in file order.
     */
    private static int[] assignSlots(List<ProcessSpec> specs) {
        int[] slots = new int[specs.size()];
        java.util.BitSet taken = new java.util.BitSet();
        for (int i = 0; i < specs.size(); i++) {
            Integer fixed = BOOT_SLOTS.get(specs.get(i).label().toUpperCase(Locale.ROOT) + "_PROC_NR");
            slots[i] = fixed == null ? -1 : fixed;
            if (fixed != null) {
                taken.set(fixed);
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            if (slots[i] < 0) {
                slots[i] = taken.nextClearBit(0);
                taken.set(slots[i]);
            }
        }
        return slots;
    }

    /** What a fixed slot's privilege carries: VM's memory rights, VFS's magic grants, RS as root, the tty's console. */
    private static int fixedSlotFlags(int slot) {
        return switch (slot) {
            case VM_PROC_NR -> VM_SYS_PROC;
            case VFS_PROC_NR -> MAGIC_GRANT_PROC;
            case RS_PROC_NR -> ROOT_SYS_PROC;
            case org.minixemu.kernel.abi.Abi.TTY_PROC_NR -> org.minixemu.kernel.abi.Abi.CONSOLE_PROC;
            default -> 0;
        };
    }

    /** CLOCK, SYSTEM, KERNEL (= HARDWARE), IDLE, ASYNCM: identities that never run. */
    private void createKernelTasks() {
        for (Map.Entry<String, Integer> task : KERNEL_TASKS.entrySet()) {
            Process p = table.slot(task.getValue());
            p.program.label = task.getKey().toLowerCase(Locale.ROOT);
            p.endpoint = task.getValue();
            p.program.rtsFlags = Process.KERNEL_TASK;
            Privilege priv = table.createPrivilege(task.getValue() + NR_TASKS);
            priv.owner = p;
            priv.flags = SYS_PROC;
            priv.trapMask = 1 << RECEIVE;
            p.priv = priv;
        }
    }

    private static void refuseForUser(BootConfig config, ProcessSpec spec) {
        for (String key : List.of("system", "io", "irq", "mem")) {
            boolean none = switch (key) {
                case "system" -> spec.system().none();
                case "io" -> !spec.io().all() && spec.io().ranges().isEmpty();
                case "mem" -> spec.mem().isEmpty();
                default -> !spec.irq().all() && spec.irq().lines().isEmpty();
            };
            if (!none) {
                throw new BootException(config.problem(spec.line(key), "'" + key
                        + "' is for system processes: user processes share one privilege with no kernel calls,"
                        + " ports or IRQs (write 'type system')").getMessage());
            }
        }
    }

    private static void setKernelCalls(BootConfig config, ProcessSpec spec, Privilege priv) {
        ProcessSpec.KernelCalls calls = spec.system();
        if (calls.all()) {
            priv.kernelCalls.set(0, NR_SYS_CALLS);
            return;
        }
        if (calls.none()) {
            return;
        }
        priv.allowBasicCalls();
        for (String name : calls.names()) {
            if (!priv.allowCall(name)) {
                throw new BootException(config.problem(spec.line("system"), "unknown kernel call '" + name
                        + "' (names are those of abi/minix.abi without the SYS_ prefix, e.g. SYSCTL)").getMessage());
            }
        }
    }

    private static void setPortsAndIrqs(ProcessSpec spec, Privilege priv) {
        if (!spec.io().all()) {
            priv.flags |= CHECK_IO_PORT;
            priv.ioRanges = spec.io().ranges().stream()
                    .map(r -> new int[] {r.base(), r.base() + r.length() - 1}).toArray(int[][]::new);
        }
        if (!spec.mem().isEmpty()) {
            priv.flags |= org.minixemu.kernel.abi.Abi.CHECK_MEM;
            priv.memRanges = spec.mem().stream()
                    .map(r -> new int[] {(int) r.base(), (int) (r.base() + r.length() - 1)}).toArray(int[][]::new);
        }
        if (!spec.irq().all()) {
            priv.flags |= CHECK_IRQ;
            for (int line : spec.irq().lines()) {
                priv.irqMask |= 1 << line;
            }
        }
    }

    private void setIpcTargets(BootConfig config, ProcessSpec spec, Process p, Map<String, Process> byLabel,
            List<Process> loaded) {
        Privilege priv = p.priv;
        switch (spec.ipc().scope()) {
            case NONE -> {
            }
            case ALL, ALL_SYS -> {
                boolean users = spec.ipc().scope() == ProcessSpec.Ipc.Scope.ALL;
                for (Process other : loaded) {
                    if (users || (other.priv.flags & SYS_PROC) != 0) {
                        priv.ipcTo |= 1L << other.priv.id;
                    }
                }
                for (int task : KERNEL_TASKS.values()) {
                    priv.ipcTo |= 1L << table.slot(task).priv.id;
                }
            }
            case LISTED -> {
                for (String target : spec.ipc().targets()) {
                    Integer task = KERNEL_TASKS.get(target);
                    Process other = task != null ? table.slot(task) : byLabel.get(target);
                    if (other == null) {
                        throw new BootException(config.problem(spec.line("ipc"), "unknown IPC target '" + target
                                + "'").getMessage());
                    }
                    priv.ipcTo |= 1L << other.priv.id;
                }
            }
        }
    }

    private static void setSignalManager(ProcessSpec spec, Process p, Map<String, Process> byLabel) {
        String manager = spec.sigmgr();
        if (manager == null && spec.type() == ProcessSpec.Type.USER && p.priv.signalManager != NONE) {
            return; // the shared user privilege: an earlier user process named the manager
        }
        if (manager == null) {
            p.priv.signalManager = NONE;
        } else if (manager.equals(ProcessSpec.SELF)) {
            p.priv.signalManager = p.endpoint;
        } else {
            p.priv.signalManager = byLabel.get(manager).endpoint;
        }
    }

    // ---- memory -------------------------------------------------------------------------------

    /**
     * The process's argv: its label, then its args, where {@code @label} stands for that boot
     * process's endpoint (the way the boot monitor hands out well-known endpoints).
     */
    private static List<String> argv(BootConfig config, ProcessSpec spec, Map<String, Integer> endpoints) {
        List<String> argv = new ArrayList<>();
        for (String word : spec.argv()) {
            if (argv.size() > 0 && word.startsWith("@")) {
                Integer endpoint = endpoints.get(word.substring(1));
                if (endpoint == null) {
                    throw new BootException(config.problem(spec.line("args"), "'" + word
                            + "' names no process of this file").getMessage());
                }
                word = Integer.toString(endpoint);
            }
            argv.add(word);
        }
        return argv;
    }

    private void loadProgram(BootConfig config, ProcessSpec spec, byte[] file, List<String> argv, Process p) {
        ElfProgram program;
        try {
            program = ElfProgram.parse(spec.program(), file);
        } catch (ElfFormatException e) {
            throw new BootException(config.problem(spec.line("program"), e.getMessage()).getMessage(), e);
        }
        AddressSpace space = AddressSpace.create(kernel.machine().memory(), kernel.frames());
        if (space == null) {
            throw outOfMemory(config, spec);
        }
        p.program.space = space;
        p.program.ownedSpace = space;
        for (ElfSegment segment : program.segments()) {
            long first = segment.virtualAddress() & ~(PAGE_SIZE - 1L);
            for (long page = first; page < segment.end(); page += PAGE_SIZE) {
                if (space.mapZeroed((int) page, segment.writable()) < 0) {
                    throw outOfMemory(config, spec);
                }
            }
            space.load((int) segment.virtualAddress(), file, (int) segment.fileOffset(), (int) segment.fileSize());
        }
        for (long page = Integer.toUnsignedLong(USER_STACK_TOP) - USER_STACK_SIZE;
                page < Integer.toUnsignedLong(USER_STACK_TOP); page += PAGE_SIZE) {
            if (space.mapZeroed((int) page, true) < 0) {
                throw outOfMemory(config, spec);
            }
        }
        int sp = buildStack(space, argv);
        if (sp == 0) {
            throw new BootException(config.problem(spec.line("args"), "the arguments do not fit the "
                    + USER_STACK_SIZE / 1024 + " KiB stack").getMessage());
        }
        Kernel.initialContext(p, (int) program.entry(), sp);
    }

    /**
     * The System V start stack crt0 expects: argc, argv[0..argc-1], NULL, an empty envp (NULL),
     * with the strings above; ESP (at argc) 16-byte aligned. Returns ESP, or 0 if it does not fit.
     */
    private static int buildStack(AddressSpace space, List<String> argv) {
        long top = Integer.toUnsignedLong(USER_STACK_TOP);
        long at = top;
        int[] pointers = new int[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) {
            byte[] s = (argv.get(i) + "\0").getBytes(StandardCharsets.UTF_8);
            at -= s.length;
            pointers[i] = (int) at;
            if (top - at > USER_STACK_SIZE / 2) {
                return 0;
            }
            space.load((int) at, s, 0, s.length);
        }
        int words = 1 + argv.size() + 1 + 1; // argc, argv..., NULL, envp NULL
        long sp = (at - words * 4L) & ~15L;
        byte[] frame = new byte[words * 4];
        Message.putInt(frame, 0, argv.size());
        for (int i = 0; i < pointers.length; i++) {
            Message.putInt(frame, 4 + i * 4, pointers[i]);
        }
        space.load((int) sp, frame, 0, frame.length);
        return (int) sp;
    }

    private BootException outOfMemory(BootConfig config, ProcessSpec spec) {
        return new BootException(config.problem(spec.line("program"), spec.program() + ": not enough memory ("
                + kernel.frames().freeFrames() * 4 + " KiB free); give the machine more with --memory").getMessage());
    }
}
