package org.minixemu.cli.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.minixemu.cpu.Disassembler;
import org.minixemu.devices.DeviceSnapshot;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.abi.Abi;
import org.minixemu.kernel.inspect.GrantSnapshot;
import org.minixemu.kernel.inspect.IrqHookSnapshot;
import org.minixemu.kernel.inspect.PageMapping;
import org.minixemu.kernel.inspect.PrivilegeSnapshot;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * The MINIX debugger console's commands (ps, proc, ipc, grants, mem, pt, irq, stats, break,
 * delete, crash) on top of the ones every machine has ({@link CommandSet}). The work is done on
 * the machine's thread through {@link DebugController#call}; bad input is a usage line, never an
 * exception for the client to see. {@code ipc -f} prints the history, then {@link #follow}
 * streams new messages to the connection.
 */
public final class ConsoleCommands extends CommandSet {
    private final DebugController debugger;

    /** The MINIX console's commands, for {@code debugger}. */
    public ConsoleCommands(DebugController debugger) {
        super(debugger);
        this.debugger = debugger;
        command("help", "help [COMMAND]", "list the commands, or explain one");
        command("ps", "ps", "every process slot: endpoint, generation, label, state, priority, quantum, signal manager, notifications");
        command("proc", "proc SLOT|LABEL", "one process: registers, the instruction at EIP, privileges, queued senders, grants");
        command("ipc", "ipc [-f] [N]", "the last N delivered messages (default 20), decoded; -f keeps following (any input line ends it)");
        command("grants", "grants SLOT|LABEL", "the process's grant table");
        command("mem", "mem SLOT|LABEL ADDR [LEN]", "hex dump of LEN bytes (default 64, at most 4096) through the process's page tables");
        command("pt", "pt SLOT|LABEL", "the process's page mappings");
        command("irq", "irq", "IRQ hooks and the interrupt controllers");
        command("dev", "dev [NAME]", "device registers (all devices, or the ones whose name contains NAME)");
        command("stats", "stats", "instructions, messages, kernel calls, slices, IRQs, guest and wall time, translation");
        command("stop", "stop", "stop the machine (guest time stands still)");
        command("cont", "cont", "continue a stopped machine");
        command("step", "step [N]", "run N instructions (default 1) of whatever runs, stop, and say where");
        command("break", "break [SLOT|LABEL ADDR]", "set a breakpoint in one process at a virtual address; without arguments, list them");
        command("delete", "delete ID", "remove breakpoint ID");
        command("crash", "crash SLOT|LABEL [SIGNAL]", "inject a fault: raise SIGNAL (default SIGSEGV) through the kernel's signal path");
        command("quit", "quit", "close this console (the machine goes on)");
    }

    @Override
    protected String run(String name, String[] args) throws InterruptedException {
        return switch (name) {
            case "ps" -> noArgs(name, args, this::ps);
            case "proc" -> debugger.call(() -> proc(process(name, args, 1)));
            case "ipc" -> ipc(args);
            case "grants" -> debugger.call(() -> grants(process(name, args, 1)));
            case "mem" -> debugger.call(() -> mem(args));
            case "pt" -> debugger.call(() -> pt(process(name, args, 1)));
            case "irq" -> noArgs(name, args, this::irq);
            case "stats" -> noArgs(name, args, this::stats);
            case "break", "b" -> debugger.call(() -> breakpoint(args));
            case "delete" -> debugger.call(() -> delete(args));
            case "crash" -> debugger.call(() -> crash(args));
            default -> null;
        };
    }

    /** {@code ipc -f}: streams every new message to {@code sink} until the returned action runs. */
    @Override
    public Runnable follow(String line, String answer, Consumer<String> sink) throws InterruptedException {
        String[] w = line.trim().split("\\s+");
        if (!w[0].equals("ipc") || !Arrays.asList(w).contains("-f") || answer.startsWith("usage")
                || answer.startsWith("ipc:")) {
            return null;
        }
        Consumer<MessageRecord> follower = r -> sink.accept(r.format() + "\n");
        debugger.call(() -> {
            debugger.messages().follow(follower);
            return null;
        });
        return () -> debugger.messages().unfollow(follower);
    }

    // ---- the commands ---------------------------------------------------------------------

    private String ps() {
        KernelInspector k = debugger.kernel();
        StringBuilder out = new StringBuilder(String.format("%5s %8s %4s %-10s %-34s %4s %9s %-8s %s",
                "SLOT", "ENDPOINT", "GEN", "LABEL", "STATE", "PRIO", "QUANTUM", "SIGMGR", "PENDING"));
        for (ProcessSnapshot p : k.processes()) {
            String quantum = p.kernelTask() ? "-" : String.format("%.1f/%.0fms", p.quantumLeftNanos() / 1e6,
                    p.quantumNanos() / 1e6);
            String pending = p.pendingNotifications().isEmpty() ? "-" : "notify from " + String.join(",", p.pendingNotifications());
            if (p.pendingSignals() != 0) {
                pending += " signals 0x" + Integer.toHexString(p.pendingSignals());
            }
            out.append(String.format("%n%5d %8d %4d %-10s %-34s %4s %9s %-8s %s", p.slot(), p.endpoint(),
                    p.generation(), p.label(), p.state(), p.kernelTask() ? "-" : String.valueOf(p.priority()), quantum,
                    p.kernelTask() ? "-" : p.signalManager(), pending));
        }
        return out.toString();
    }

    private String proc(ProcessSnapshot p) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s: slot %d, endpoint %d, generation %d, %s%n", p.label(), p.slot(), p.endpoint(),
                p.generation(), p.state()));
        if (!p.kernelTask()) {
            int[] r = p.registers();
            out.append(String.format("eax %08x  ecx %08x  edx %08x  ebx %08x%n", r[0], r[1], r[2], r[3]));
            out.append(String.format("esp %08x  ebp %08x  esi %08x  edi %08x%n", r[4], r[5], r[6], r[7]));
            out.append(String.format("eip %08x  eflags %08x  cs %04x  ds %04x  ss %04x%n", p.eip(), p.eflags(),
                    p.selectors()[1], p.selectors()[3], p.selectors()[2]));
            out.append("next: ").append(disassemble(p.slot(), p.eip())).append('\n');
            out.append(String.format("priority %d, quantum %.1f of %.0f ms, %d ticks, signal manager %s%n",
                    p.priority(), p.quantumLeftNanos() / 1e6, p.quantumNanos() / 1e6, p.userTicks(), p.signalManager()));
        }
        PrivilegeSnapshot priv = p.privilege();
        if (priv == null) {
            out.append("privileges: none\n");
        } else {
            out.append(String.format("privilege %d%s, flags %s%n", priv.id(), priv.shared() ? " (shared by user processes)" : "",
                    list(priv.flags())));
            out.append("ipc calls: ").append(list(priv.ipcCalls())).append('\n');
            out.append("may send to: ").append(list(priv.ipcTargets())).append('\n');
            out.append("kernel calls: ").append(list(priv.kernelCalls())).append('\n');
            out.append("io ports: ").append(list(priv.ioRanges())).append(", irqs: ")
                    .append(priv.irqs().isEmpty() ? "none" : priv.irqs().toString()).append('\n');
        }
        out.append("queued senders: ").append(list(p.queuedSenders())).append('\n');
        out.append("pending notifications: ").append(list(p.pendingNotifications())).append('\n');
        out.append(grants(p));
        return out.toString().stripTrailing();
    }

    private String ipc(String[] args) throws InterruptedException {
        int n = 20;
        for (String a : args) {
            if (a.equals("-f")) {
                continue;
            }
            n = number("ipc", a);
            if (n < 1) {
                throw usage("ipc");
            }
        }
        int count = n;
        return debugger.call(() -> {
            List<MessageRecord> last = debugger.messages().last(count);
            if (last.isEmpty()) {
                return "no messages delivered yet";
            }
            StringBuilder out = new StringBuilder();
            for (MessageRecord r : last) {
                out.append(r.format()).append('\n');
            }
            return out.toString().stripTrailing();
        });
    }

    private String grants(ProcessSnapshot p) {
        if (p.grantEntries() == 0) {
            return p.label() + " has no grant table";
        }
        List<GrantSnapshot> grants = debugger.kernel().grants(p.slot());
        StringBuilder out = new StringBuilder(String.format("grant table at 0x%08x, %d entries, %d in use", p.grantTable(),
                p.grantEntries(), grants.size()));
        for (GrantSnapshot g : grants) {
            out.append(String.format("%n  %3d %-8s %-2s %-7s for %s: %s", g.id(), g.kind(), g.access(),
                    g.valid() ? "valid" : "invalid", g.grantee(), g.description()));
        }
        return out.toString();
    }

    private String mem(String[] args) {
        if (args.length < 2 || args.length > 3) {
            throw usage("mem");
        }
        ProcessSnapshot p = process("mem", args, 3);
        int address = (int) address("mem", args[1]);
        int length = args.length == 3 ? number("mem", args[2]) : 64;
        if (length < 1 || length > 4096) {
            throw usage("mem", "mem: LEN must be 1 to 4096");
        }
        byte[] bytes = new byte[length];
        if (!readMemory(p.slot(), address, bytes)) {
            return String.format("%s: 0x%08x..0x%08x is not all mapped ('pt %s' shows what is)", p.label(), address,
                    address + length - 1, p.label());
        }
        return hexDump(Integer.toUnsignedLong(address), bytes);
    }

    private String pt(ProcessSnapshot p) {
        List<PageMapping> maps = debugger.kernel().mappings(p.slot());
        if (maps.isEmpty()) {
            return p.label() + " has no mappings";
        }
        StringBuilder out = new StringBuilder(String.format("%-21s %-10s %6s %s", "VIRTUAL", "PHYSICAL", "PAGES", "ACCESS"));
        for (PageMapping m : maps) {
            out.append(String.format("%n%08x-%08x  %08x %6d %s", m.virtualStart(),
                    m.virtualStart() + m.pages() * 4096 - 1, m.physicalStart(), m.pages(), m.writable() ? "rw" : "r-"));
        }
        return out.toString();
    }

    private String irq() {
        StringBuilder out = new StringBuilder();
        List<IrqHookSnapshot> hooks = debugger.kernel().irqHooks();
        out.append(hooks.isEmpty() ? "no IRQ hooks (IRQ 0 is the kernel's clock)" : "IRQ hooks (IRQ 0 is the kernel's clock):");
        for (IrqHookSnapshot h : hooks) {
            out.append(String.format("%n  hook %d: IRQ %d -> %s%s", h.hook(), h.irq(), h.owner(),
                    h.reenable() ? " (re-enabled at once)" : ""));
        }
        for (DeviceSnapshot d : debugger.machine().deviceSnapshots()) {
            if (d.device().toLowerCase(Locale.ROOT).contains("pic")) {
                out.append('\n').append(device(d));
            }
        }
        out.append(String.format("%nclock: %d ticks at %d Hz", debugger.kernel().uptimeTicks(), debugger.kernel().hz()));
        return out.toString();
    }

    private String stats() {
        DebugController.Stats s = debugger.stats();
        return String.format("instructions %d%nmessages %d%nkernel calls %d%nslices %d%nirqs %d%nguest time %.6f s%n"
                + "wall time %.3f s%nstate %s%ntranslation %s: %d blocks, %d instructions run in blocks", s.instructions(),
                s.messages(), s.kernelCalls(), s.slices(), s.interrupts(), s.guestNanos() / 1e9, s.wallNanos() / 1e9,
                debugger.isStopped() ? "stopped" : "running", s.translation(), s.blocks(), s.inBlocks());
    }

    private String breakpoint(String[] args) {
        if (args.length == 0) {
            List<Breakpoints.Breakpoint> all = debugger.breakpoints().list();
            if (all.isEmpty()) {
                return "no breakpoints";
            }
            StringBuilder out = new StringBuilder();
            for (Breakpoints.Breakpoint b : all) {
                String label = debugger.kernel().process(b.slot()).filter(p -> p.endpoint() == b.endpoint())
                        .map(ProcessSnapshot::label).orElse("(gone)");
                out.append(String.format("%d: %s 0x%08x%n", b.id(), label, b.address()));
            }
            return out.toString().stripTrailing();
        }
        if (args.length != 2) {
            throw usage("break");
        }
        ProcessSnapshot p = process("break", args, 2);
        if (p.kernelTask()) {
            return p.label() + " is a kernel task: it never runs";
        }
        int address = (int) address("break", args[1]);
        Breakpoints.Breakpoint b = debugger.breakpoints().add(p, address);
        if (b == null) {
            return String.format("%s: 0x%08x is not mapped", p.label(), address);
        }
        if (!debugger.isStopped()) {
            debugger.breakpoints().insertAll();
        }
        return String.format("breakpoint %d: %s 0x%08x", b.id(), p.label(), address);
    }

    private String delete(String[] args) {
        if (args.length != 1) {
            throw usage("delete");
        }
        return debugger.breakpoints().remove(number("delete", args[0])) ? "deleted" : "no breakpoint " + args[0];
    }

    private String crash(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw usage("crash");
        }
        ProcessSnapshot p = process("crash", args, 2);
        int signal = Abi.SIGSEGV;
        if (args.length == 2) {
            String name = args[1].toUpperCase(Locale.ROOT);
            Integer bySignalName = Abi.SIGNALS.get(name.startsWith("SIG") ? name : "SIG" + name);
            if (bySignalName == null) {
                throw usage("crash", "crash: no signal '" + args[1] + "' (e.g. SEGV, KILL, ILL)");
            }
            signal = bySignalName;
        }
        if (p.kernelTask()) {
            return p.label() + " is a kernel task: it cannot be crashed";
        }
        String signalName = Abi.nameOf(Abi.SIGNALS, signal);
        debugger.kernel().signal(p.slot(), signal, "killed: " + signalName + " injected by the debugger");
        return String.format("%s sent to %s (endpoint %d); %s", signalName, p.label(), p.endpoint(),
                p.signalManager().equals("-") ? "it has no signal manager, so the kernel removes it"
                        : "its signal manager " + p.signalManager() + " is told");
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Reads through the page tables with any breakpoint bytes hidden. */
    private boolean readMemory(int slot, int address, byte[] bytes) {
        if (!debugger.kernel().read(slot, address, bytes)) {
            return false;
        }
        debugger.breakpoints().hide(slot, address, bytes);
        return true;
    }

    private String disassemble(int slot, int eip) {
        byte[] code = new byte[16];
        int n = code.length;
        while (n > 0 && !debugger.kernel().read(slot, eip, java.util.Arrays.copyOf(code, n))) {
            n--;
        }
        byte[] bytes = new byte[n];
        if (n == 0 || !readMemory(slot, eip, bytes)) {
            return String.format("%08x: (not mapped)", eip);
        }
        return String.format("%08x: %s", eip, Disassembler.disassemble(bytes, 0, true, eip).text());
    }

    private ProcessSnapshot process(String command, String[] args, int maxArgs) {
        if (args.length < 1 || args.length > maxArgs) {
            throw usage(command);
        }
        return debugger.kernel().find(args[0]).orElseThrow(() -> new UsageException(
                command + ": no process '" + args[0] + "' ('ps' lists them)"));
    }

    private static String list(List<?> items) {
        return items.isEmpty() ? "none" : items.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse("");
    }

    @Override
    protected String where(StopEvent e) {
        if (e == null || e.slot() == StopEvent.NO_PROCESS) {
            return "";
        }
        String label = debugger.kernel().process(e.slot()).map(ProcessSnapshot::label).orElse("?");
        return String.format(" (%s at 0x%08x)", label, e.address());
    }

    /** The one-line report of a stop, for consoles: "breakpoint: ping at 0x...". */
    @Override
    public String describeStop(StopEvent e) {
        DebugController d = debugger;
        String label = e.slot() == StopEvent.NO_PROCESS ? null
                : d.kernel().process(e.slot()).map(ProcessSnapshot::label).orElse("?");
        String what = switch (e.reason()) {
            case BREAKPOINT -> "breakpoint";
            case STEP -> "step done";
            case REQUESTED -> "stopped";
        };
        return label == null ? what : String.format("%s: %s at 0x%08x", what, label, e.address());
    }
}
