package org.minixemu.cli.debug;

import java.util.List;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.Descriptor;
import org.minixemu.cpu.Disassembler;
import org.minixemu.cpu.Disassembly;

/**
 * The debugger console of a bare-metal guest ({@code minix-emu run}): the commands every machine
 * has ({@link CommandSet}) and regs, dis, mem, break, delete and stats on the bare CPU. Addresses
 * are linear (CS base + offset; through the page tables when paging is on) unless {@code mem -p}
 * asks for physical ones.
 */
public final class BareCommands extends CommandSet {
    static final int MAX_DUMP = 4096;
    static final int MAX_INSTRUCTIONS = 64;

    private final BareDebugController debugger;

    /** The bare-metal console's commands, for {@code debugger}. */
    public BareCommands(BareDebugController debugger) {
        super(debugger);
        this.debugger = debugger;
        command("help", "help [COMMAND]", "list the commands, or explain one");
        command("regs", "regs", "the registers: general, EIP and EFLAGS, segments, control and table registers");
        command("dis", "dis [ADDR] [N]", "disassemble N instructions (default 10, at most 64) from ADDR (default: CS:EIP)");
        command("mem", "mem [-p] ADDR [LEN]", "hex dump of LEN bytes (default 64, at most 4096) at a linear address"
                + " (through the page tables when paging is on), or a physical one with -p");
        command("dev", "dev [NAME]", "device registers (all devices, or the ones whose name contains NAME)");
        command("stats", "stats", "instructions, slices, guest and wall time, running or stopped, translation");
        command("stop", "stop", "stop the machine (guest time stands still)");
        command("cont", "cont", "continue a stopped machine");
        command("step", "step [N]", "run N instructions (default 1), stop, and say where");
        command("break", "break [ADDR]", "set a breakpoint at a linear address; without arguments, list them");
        command("delete", "delete ID", "remove breakpoint ID");
        command("quit", "quit", "close this console (the machine goes on)");
    }

    @Override
    protected String run(String name, String[] args) throws InterruptedException {
        return switch (name) {
            case "regs", "r" -> noArgs(name, args, this::regs);
            case "dis", "x" -> debugger.call(() -> dis(args));
            case "mem" -> debugger.call(() -> mem(args));
            case "stats" -> noArgs(name, args, this::stats);
            case "break", "b" -> debugger.call(() -> breakpoint(args));
            case "delete" -> debugger.call(() -> delete(args));
            default -> null;
        };
    }

    @Override
    public String describeStop(StopEvent e) {
        String what = switch (e.reason()) {
            case BREAKPOINT -> "breakpoint";
            case STEP -> "step done";
            case REQUESTED -> "stopped";
        };
        return String.format("%s at 0x%08x", what, e.address());
    }

    @Override
    protected String where(StopEvent e) {
        return e == null ? "" : String.format(" (at 0x%08x)", e.address());
    }

    // ---- the commands ---------------------------------------------------------------------

    private String regs() {
        Cpu c = debugger.machine().cpu();
        StringBuilder out = new StringBuilder();
        out.append(String.format("eax %08x  ecx %08x  edx %08x  ebx %08x%n", c.register(Cpu.EAX), c.register(Cpu.ECX),
                c.register(Cpu.EDX), c.register(Cpu.EBX)));
        out.append(String.format("esp %08x  ebp %08x  esi %08x  edi %08x%n", c.register(Cpu.ESP), c.register(Cpu.EBP),
                c.register(Cpu.ESI), c.register(Cpu.EDI)));
        out.append(String.format("eip %08x  eflags %08x  cpl %d%s%n", c.eip(), c.eflags(), c.currentPrivilegeLevel(),
                c.isHalted() ? "  (halted)" : ""));
        String[] names = {"es", "cs", "ss", "ds", "fs", "gs"};
        for (int seg : new int[] {Cpu.CS, Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            out.append(String.format("%s %04x base %08x limit %08x%n", names[seg], c.segmentSelector(seg),
                    c.segmentBase(seg), c.segmentLimit(seg)));
        }
        out.append(String.format("cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x%n", c.controlRegister(0),
                c.controlRegister(2), c.controlRegister(3), c.controlRegister(4)));
        out.append(String.format("gdt %08x/%04x  idt %08x/%04x%n", c.gdtBase(), c.gdtLimit(), c.idtBase(), c.idtLimit()));
        out.append("next: ").append(instructions(debugger.linearEip(), 1));
        return out.toString();
    }

    private String dis(String[] args) {
        if (args.length > 2) {
            throw usage("dis");
        }
        int address = args.length > 0 ? (int) address("dis", args[0]) : debugger.linearEip();
        int n = args.length > 1 ? number("dis", args[1]) : 10;
        if (n < 1 || n > MAX_INSTRUCTIONS) {
            throw usage("dis", "dis: N must be 1 to " + MAX_INSTRUCTIONS);
        }
        return instructions(address, n);
    }

    private String mem(String[] args) {
        boolean physical = args.length > 0 && args[0].equals("-p");
        int first = physical ? 1 : 0;
        if (args.length - first < 1 || args.length - first > 2) {
            throw usage("mem");
        }
        long address = address("mem", args[first]);
        int length = args.length - first == 2 ? number("mem", args[first + 1]) : 64;
        if (length < 1 || length > MAX_DUMP) {
            throw usage("mem", "mem: LEN must be 1 to " + MAX_DUMP);
        }
        if (physical && address + length > 0x1_0000_0000L) {
            throw usage("mem", "mem: the range passes 4 GiB");
        }
        byte[] bytes = new byte[length];
        if (!debugger.read(address, bytes, physical)) {
            return String.format("0x%08x..0x%08x is not all mapped (mem -p reads physical memory)", address,
                    (address + length - 1) & 0xFFFFFFFFL);
        }
        return hexDump(address, bytes);
    }

    private String stats() {
        BareDebugController.Stats s = debugger.stats();
        return String.format("instructions %d%nslices %d%nguest time %.6f s%nwall time %.3f s%nstate %s%n"
                + "translation %s: %d blocks, %d instructions run in blocks", s.instructions(),
                s.slices(), s.guestNanos() / 1e9, s.wallNanos() / 1e9, debugger.isStopped() ? "stopped" : "running",
                s.translation(), s.blocks(), s.inBlocks());
    }

    private String breakpoint(String[] args) {
        if (args.length == 0) {
            List<BareDebugController.Breakpoint> all = debugger.breakpoints();
            if (all.isEmpty()) {
                return "no breakpoints";
            }
            StringBuilder out = new StringBuilder();
            for (BareDebugController.Breakpoint b : all) {
                out.append(String.format("%d: 0x%08x%n", b.id(), b.address()));
            }
            return out.toString().stripTrailing();
        }
        if (args.length != 1) {
            throw usage("break");
        }
        BareDebugController.Breakpoint b = debugger.add((int) address("break", args[0]));
        return String.format("breakpoint %d: 0x%08x", b.id(), b.address());
    }

    private String delete(String[] args) {
        if (args.length != 1) {
            throw usage("delete");
        }
        return debugger.remove(number("delete", args[0])) ? "deleted" : "no breakpoint " + args[0];
    }

    // ---- helpers --------------------------------------------------------------------------

    /** {@code n} instructions from linear {@code address}, one a line, in the code size of CS. */
    private String instructions(int address, int n) {
        Cpu c = debugger.machine().cpu();
        // 32-bit code when CS's descriptor says so (its D bit) in protected mode; real and V86 code is 16-bit.
        boolean code32 = (c.cr0() & 1) != 0 && (c.eflags() & (1 << 17)) == 0
                && (c.segmentAttributes(Cpu.CS) & Descriptor.BIG) != 0;
        StringBuilder out = new StringBuilder();
        int at = address;
        for (int i = 0; i < n; i++) {
            byte[] code = new byte[16];
            int have = 0;
            while (have < code.length && debugger.read(Integer.toUnsignedLong(at + have), new byte[1], false)) {
                have++;
            }
            if (have == 0) {
                out.append(String.format("%08x: (not mapped)%n", at));
                break;
            }
            byte[] bytes = new byte[have];
            debugger.read(Integer.toUnsignedLong(at), bytes, false);
            Disassembly d = Disassembler.disassemble(bytes, 0, code32, at);
            out.append(String.format("%08x: %s%n", at, d.text()));
            at += Math.max(1, d.length());
        }
        return out.toString().stripTrailing();
    }
}
