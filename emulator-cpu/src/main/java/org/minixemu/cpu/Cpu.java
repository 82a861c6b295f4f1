package org.minixemu.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An i386 processor: its registers, the fetch-decode-execute loop and the operand plumbing that
 * the instruction handlers share.
 *
 * <p>Instruction semantics live in the {@code *Ops} classes, one per family, reached through the
 * opcode table in {@link OpcodeTable}. This class decodes prefixes and ModR/M, computes effective
 * addresses, checks segment limits, and turns processor exceptions into either delivery through
 * the interrupt vector table (bare-metal mode) or an {@link Exit} (hosted mode, DESIGN.md section
 * 3). Nothing on the common path allocates; a fault unwinds with the preallocated {@link Fault}
 * and never escapes {@link #run(long)}.
 */
public final class Cpu {
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    /** The segment registers other than CS and SS. */
    static final int[] DATA_SEGMENTS = {ES, DS, FS, GS};

    /** Exception vectors. */
    public static final int DE = 0, DB = 1, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
            TS = 10, NP = 11, SS_FAULT = 12, GP = 13, PF = 14;

    /** The i386 refuses instructions longer than this many bytes with #GP(0). */
    static final int MAX_INSTRUCTION_LENGTH = 15;

    static final Opcode[] TABLE = OpcodeTable.dispatchTable();
    private static final boolean[] PREFIX = new boolean[256];

    static {
        for (int p : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) {
            PREFIX[p] = true;
        }
    }

    // ---- architectural state -------------------------------------------------------------
    final int[] regs = new int[8];
    int eip;
    final int[] segSel = new int[6];
    final int[] segBase = new int[6];
    final int[] segLimit = new int[6];
    /** Hidden attribute word of each segment register (see {@link Descriptor}). */
    final int[] segAttr = new int[6];
    /**
     * Derived from the hidden parts by {@link #refreshSegment}: the lowest and highest valid
     * offsets (unsigned, so expand-down segments are a range too; a null selector gives an empty
     * range) and whether reads and writes are allowed.
     */
    private final long[] segLow = new long[6];
    private final long[] segHigh = new long[6];
    /**
     * Per segment: one past the last offset a read (write) may touch when the segment is
     * expand-up and allows it, else 0; so an access of n bytes at offset passes exactly when
     * offset + n - 1 < end. The fast form of {@link #linear}'s check (see {@link #read32}).
     */
    private final long[] readEnd = new long[6];
    private final long[] writeEnd = new long[6];
    private final int[] segAccess = new int[6];
    private static final int ACCESS_READ = 1, ACCESS_WRITE = 2;
    /** Current privilege level: 0 in real mode, 3 in virtual-8086 mode. */
    int cpl;
    /** LDTR and TR: selector and the descriptor cache. */
    int ldtSel;
    int ldtBase;
    int ldtLimit = 0xFFFF;
    int trSel;
    int trBase;
    int trLimit = 0xFFFF;
    int trAttr = Descriptor.PRESENT | Descriptor.TSS32_BUSY;
    /** Default operand and address size of the code segment (CS.D). */
    boolean code32;
    /** Stack-pointer width of the stack segment (SS.B). */
    boolean stack32;
    final Flags flags = new Flags();
    int cr0 = 0x00000010; // ET: a 387-class coprocessor interface
    int cr2;
    int cr3;
    int cr4;
    final int[] dr = new int[8];
    int gdtBase;
    int gdtLimit = 0xFFFF;
    int idtBase;
    int idtLimit = 0xFFFF;

    // ---- machine wiring ------------------------------------------------------------------
    final PhysicalMemory memory;
    IoPorts io = IoPorts.NONE;
    private InterruptController interruptController;
    private boolean interruptRequest;
    /** Bit 20 of every physical address is ANDed with this (the A20 gate); all ones when open. */
    int a20Mask = 0xFFFFFFFF;
    final Paging paging = new Paging(this);
    /** CR0.PG, kept apart so that the memory fast path tests one field. */
    boolean pagingEnabled;
    /** Hosted mode: exceptions at CPL 3 and pending interrupts leave the loop (DESIGN.md section 3). */
    private boolean hosted;
    /** Source of RDTSC; the retired-instruction count unless the machine supplies its clock. */
    private TimeStampCounter timeStampCounter;

    // ---- decode state of the current instruction ----------------------------------------
    int startEip;
    int startEsp;
    /** The last offset the current instruction may fetch from (see {@link #step}). */
    private int fetchLimit = 0xFFFF;
    boolean opSize32;
    boolean addrSize32;
    /** Segment named by an override prefix, or -1. */
    int segOverride;
    /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE). */
    int repPrefix;
    boolean lockPrefix;
    int mod;
    int reg;
    int rm;
    int eaSeg;
    int eaOffset;
    /** The address uses ESP as its base (POP Ev adjusts for the pop). */
    boolean eaBaseIsEsp;

    // ---- run-loop state ------------------------------------------------------------------
    long retired;
    /** The loop stops when {@link #retired} reaches this; handlers that must exit lower it. */
    long stopAt;
    private ExitKind pendingExit;
    private int pendingVector;
    private int pendingError;
    private int pendingAddress;
    boolean halted;
    /** MOV SS, POP SS and STI hold off interrupts for one instruction. */
    boolean interruptShadow;
    int faultVector;
    int faultError;
    boolean faultHasError;
    /** True while an exception or interrupt is being delivered: a fault then combines with it. */
    boolean delivering;
    /** The first exception raised since {@link #reset}, or -1 (see {@link #firstExceptionVector}). */
    int firstException = -1;
    private final Exit exit = new Exit();
    /** Scratch space, so that deliveries, task switches and gate calls allocate nothing. */
    final SavedState deliverySave = new SavedState();
    final int[] taskSelectors = new int[6];
    final int[] gateParameters = new int[32];
    /** Translated blocks, or null while translation is off (see {@link #setTranslation}). */
    private BlockCache blocks;
    /**
     * Set when a compiled block must return after the instruction in progress: an exit was
     * requested, an interrupt line changed, or code the block may come from was written.
     */
    boolean blockExit;
    /** Hosted mode: INT n for these vectors leaves the loop as SOFTWARE_INTERRUPT. */
    private final boolean[] hostVectors = new boolean[256];
    /** Hosted mode: runs claimed INT n inside the loop first, or null (see {@link #hostTrap}). */
    private HostTrapHandler hostTrapHandler;

    public Cpu(PhysicalMemory memory) {
        this.memory = memory;
        this.ram = memory.ramArray();
        this.codeMarks = new byte[ram == null ? 1 : (ram.length >>> 12) + 1];
        this.ramPages = new byte[ram == null ? 0 : ram.length >>> 12];
        for (int page = 0; page < ramPages.length; page++) {
            ramPages[page] = (byte) (memory.isRamPage(page << 12) ? 1 : 0);
        }
        setTranslation(defaultCompiling(), defaultTranslationThreshold());
        this.timeStampCounter = () -> retired;
        reset();
    }

    /** The state after RESET: real mode, CS:IP = F000:FFF0 with CS base 0xFFFF0000. */
    public void reset() {
        java.util.Arrays.fill(regs, 0);
        regs[EDX] = CpuIdentity.RESET_EDX;
        for (int s = 0; s < 6; s++) {
            segSel[s] = 0;
            segBase[s] = 0;
            segLimit[s] = 0xFFFF;
            segAttr[s] = Descriptor.REAL_MODE;
            refreshSegment(s);
        }
        segSel[CS] = 0xF000;
        segBase[CS] = 0xFFFF0000;
        refreshSegment(CS);
        eip = 0xFFF0;
        code32 = false;
        stack32 = false;
        flags.load(0, ~0);
        cr0 = 0x00000010;
        cr2 = cr3 = cr4 = 0;
        java.util.Arrays.fill(dr, 0);
        dr[6] = 0xFFFF0FF0;
        dr[7] = 0x00000400;
        gdtBase = 0;
        gdtLimit = 0xFFFF;
        idtBase = 0;
        idtLimit = 0xFFFF;
        ldtSel = ldtBase = 0;
        ldtLimit = 0xFFFF;
        trSel = trBase = 0;
        trLimit = 0xFFFF;
        cpl = 0;
        pagingEnabled = false;
        paging.reset();
        halted = false;
        interruptShadow = false;
        firstException = -1;
    }

    // ---- wiring --------------------------------------------------------------------------

    public void setIoPorts(IoPorts io) {
        this.io = io;
    }

    public void setInterruptController(InterruptController controller) {
        this.interruptController = controller;
    }

    /** The level of the INTR pin, driven by the interrupt controller. */
    public void setInterruptRequest(boolean asserted) {
        blockExit = true;
        this.interruptRequest = asserted;
    }

    public void setTimeStampCounter(TimeStampCounter counter) {
        this.timeStampCounter = counter;
    }

    /**
     * Claims {@code INT vector} for the host: executing it ends {@link #run} with a
     * SOFTWARE_INTERRUPT exit instead of going through the guest's vector table.
     */
    public void claimSoftwareInterrupt(int vector, boolean claimed) {
        hostVectors[vector & 0xFF] = claimed;
    }

    boolean hostClaims(int vector) {
        return hostVectors[vector];
    }

    /**
     * Sets the handler that claimed INT n meet inside {@link #run} in hosted mode, before (and
     * instead of, unless it declines) the SOFTWARE_INTERRUPT exit; null for none.
     */
    public void setHostTrapHandler(HostTrapHandler handler) {
        this.hostTrapHandler = handler;
    }

    /**
     * INT n of a claimed vector: the handler runs here, in the loop, with the INT counted as
     * retired (it is complete, EIP is past it); if it declines, or there is none, the run ends
     * with the SOFTWARE_INTERRUPT exit after this instruction.
     */
    void hostTrap(int vector) {
        if (hosted && hostTrapHandler != null) {
            retired++;
            long more;
            try {
                more = hostTrapHandler.trap(vector);
            } finally {
                retired--; // the loop counts the INT when this returns
            }
            if (more >= 0) {
                // The handler's count replaces the budget (it has seen every event that asked to
                // end the slice early); only a shutdown requested meanwhile still stops the run.
                if (pendingExit == ExitKind.SHUTDOWN) {
                    stopAt = retired + 1;
                } else {
                    pendingExit = null;
                    stopAt = retired + 1 + Math.min(more, Long.MAX_VALUE - retired - 1);
                }
                return;
            }
        }
        requestExit(ExitKind.SOFTWARE_INTERRUPT, vector);
    }

    /**
     * Hosted mode (DESIGN.md section 3): a fault or trap at CPL 3 ends {@link #run} with an
     * EXCEPTION exit instead of going through the IDT, and a pending interrupt with IF=1 ends it
     * with an INTERRUPT exit instead of being acknowledged. INT3, INTO and INT1 leave as their
     * trap vectors with EIP past them; an INT n the host did not claim fails with #GP(n * 8 + 2)
     * at the INT, as through a DPL-0 gate. Bare-metal mode (the default) delivers everything
     * through the guest's IDT.
     */
    public void setHostedMode(boolean hosted) {
        this.hosted = hosted;
    }

    public boolean isHostedMode() {
        return hosted;
    }

    /** Opens (true) or closes the A20 gate. */
    public void setA20(boolean enabled) {
        int mask = enabled ? 0xFFFFFFFF : ~(1 << 20);
        if (mask != a20Mask) {
            a20Mask = mask;
            paging.flush();
        }
    }

    // ---- the loop ------------------------------------------------------------------------

    /**
     * Runs until {@code budget} instructions have retired or something needs the host (see
     * {@link ExitKind}). Never throws for anything the guest does.
     */
    public Exit run(long budget) {
        stopAt = retired + budget;
        pendingExit = null;
        while (true) {
            try {
                if (halted) {
                    if (!interruptRequest || !flags.isSet(Flags.IF)) {
                        return exit.set(ExitKind.HALT, 0, 0, 0);
                    }
                    halted = false;
                }
                while (retired < stopAt) {
                    if (interruptRequest && !interruptShadow && flags.isSet(Flags.IF)) {
                        if (hosted) {
                            return exit.set(ExitKind.INTERRUPT, 0, 0, 0);
                        }
                        if (!acceptInterrupt()) {
                            halted = true;
                            return exit.set(ExitKind.SHUTDOWN, 0, 0, 0);
                        }
                    }
                    if (blocks != null && !interruptShadow && runBlock()) {
                        continue;
                    }
                    interruptShadow = false;
                    lastBlock = null;
                    step();
                    retired++;
                }
                if (pendingExit != null) {
                    ExitKind kind = pendingExit;
                    pendingExit = null;
                    return exit.set(kind, pendingVector, pendingError, pendingAddress);
                }
                return exit.set(ExitKind.BUDGET, 0, 0, 0);
            } catch (Fault f) {
                regs[ESP] = startEsp;
                eip = startEip;
                retired++;
                if (hosted && cpl == 3) {
                    return exit.set(ExitKind.EXCEPTION, faultVector, faultError, faultVector == PF ? cr2 : 0);
                }
                if (!Interrupts.deliverException(this, faultVector, faultHasError ? faultError : -1)) {
                    halted = true;
                    return exit.set(ExitKind.SHUTDOWN, 0, 0, 0);
                }
            }
        }
    }

    /**
     * The machine was asked to power off (a device's port write, say): the current {@link #run}
     * ends after the instruction in progress with a SHUTDOWN exit, and the CPU stays halted.
     */
    public void requestShutdown() {
        halted = true;
        requestExit(ExitKind.SHUTDOWN, 0);
    }

    /**
     * Ends the current {@link #run} with a BUDGET exit after the instruction in progress: a
     * device that has just armed an event earlier than the end of the slice asks for it, so the
     * event runs on time.
     */
    public void endSlice() {
        if (pendingExit == null) {
            requestExit(ExitKind.BUDGET, 0);
        }
    }

    /** Ends the current {@link #run} after this instruction with the given exit. */
    void requestExit(ExitKind kind, int vector) {
        requestExit(kind, vector, 0, 0);
    }

    void requestExit(ExitKind kind, int vector, int errorCode, int address) {
        pendingExit = kind;
        pendingVector = vector;
        pendingError = errorCode;
        pendingAddress = address;
        stopAt = retired + 1;
        blockExit = true;
    }

    // ---- translation ---------------------------------------------------------------------

    /** Blocks are made for start addresses reached this often, by default; see {@link #setTranslation}. */
    public static final int DEFAULT_TRANSLATION_THRESHOLD = 32;

    /**
     * Whether a new CPU compiles blocks to bytecode: the system property {@code minixemu.jit},
     * "on" (the default) or "off".
     */
    public static boolean defaultCompiling() {
        String value = System.getProperty("minixemu.jit", "on").trim();
        return switch (value) {
            case "on", "true", "" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("minixemu.jit must be on or off, not \"" + value + "\"");
        };
    }

    /**
     * The block threshold a new CPU starts with: the system property {@code minixemu.blocks},
     * "none" (0: the interpreter decodes every instruction every time), "eager" (1: a block is
     * made at its first visit, which the test suites use) or a number up to 127; by default
     * {@link #DEFAULT_TRANSLATION_THRESHOLD}.
     */
    public static int defaultTranslationThreshold() {
        String value = System.getProperty("minixemu.blocks", "").trim();
        switch (value) {
            case "":
                return DEFAULT_TRANSLATION_THRESHOLD;
            case "none":
                return 0;
            case "eager":
                return 1;
            default:
                try {
                    int n = Integer.parseInt(value);
                    if (n >= 0 && n <= 127) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("minixemu.blocks must be none, eager or a number from 0 to 127, not \""
                        + value + "\"");
        }
    }

    /**
     * Sets how the CPU speeds up code it runs often. A start address reached {@code threshold}
     * times (1 to 127) gets a block: the instructions from there to the next control transfer,
     * decoded once. With {@code compile} the block is compiled to JVM bytecode (translation, the
     * default); without it the CPU runs the decoded instructions itself (the interpreter with a
     * decoded-instruction cache, what {@code --no-jit} gives). Threshold 0 turns blocks off: every
     * instruction is decoded every time. Without a memory that reports writes to code pages,
     * blocks stay off. Every setting gives the same results, instruction for instruction; only
     * the host time differs.
     */
    public void setTranslation(boolean compile, int threshold) {
        if (blocks != null) {
            blocks.detach(); // clears the marks, so the memory reports nothing any more
            blocks = null;
            lastBlock = null;
        }
        codeMarks = new byte[ram == null ? 1 : (ram.length >>> 12) + 1];
        if (threshold > 0) {
            blocks = BlockCache.create(this, memory, threshold, compile);
            if (blocks != null) {
                codeMarks = blocks.marks();
            }
        }
        compiling = blocks != null && compile;
        translatedInstructions = 0;
    }

    /** Whether blocks are compiled to bytecode. */
    private boolean compiling;

    /** Blocks compiled on the compiler thread and installed so far (package-private: for tests). */
    long installedBlocks() {
        return blocks == null ? 0 : blocks.installedBlocks();
    }

    /** Instructions retired by compiled blocks (the rest ran in the interpreter). */
    private long translatedInstructions;

    /** The block made for 32-bit code at {@code eip} (physical {@code physical}), or null (for tests). */
    BlockCache.Block blockAt(int physical, int eip) {
        return blocks == null ? null : blocks.peek(physical, eip, true);
    }

    /** Instructions that blocks retired since translation was last set (for the debugger and benchmarks). */
    public long translatedInstructions() {
        return translatedInstructions;
    }

    /** How hot code runs now, for the debugger: "compiled", "decoded" (--no-jit) or "off" (no blocks). */
    public String translationMode() {
        return blocks == null ? "off" : compiling ? "compiled" : "decoded";
    }

    /** True while blocks are compiled to JVM bytecode. */
    public boolean isTranslating() {
        return compiling;
    }

    /** Blocks made since translation was last set: compiled, or decoded only (for tests and the debugger). */
    public long compiledBlocks() {
        return blocks == null ? 0 : blocks.madeBlocks();
    }

    /**
     * Blocks one call of {@link #runBlock} runs at most. The run loop calls it again at once, so
     * nothing changes for the guest; HotSpot, though, counts the calls and compiles runBlock
     * whole after a few thousand blocks, where a chain that ran a whole slice in one call was
     * compiled only on-stack, after tens of thousands of blocks dispatched by the JVM's
     * interpreter (the same reason as BlockEmitter.LOOP_PASSES).
     */
    private static final int CHAIN_LENGTH = 32;

    /**
     * Runs the block that starts at CS:EIP, and the blocks after it for as long as each next one
     * may run; false when the interpreter must run the next instruction. Between two blocks
     * nothing the run loop checks before an instruction can have changed unless a block was
     * asked to stop ({@link #blockExit}: an exit request, the interrupt line, a code write):
     * blocks hold no instruction that changes IF, the interrupt shadow, the mode or HLT. So the
     * chain stays here until a block is asked to stop, the budget is used up, no block may run
     * next or {@link #CHAIN_LENGTH} blocks have run; the block that ran last remembers its
     * successors, which saves the lookup.
     */
    private boolean runBlock() {
        BlockCache.Block b = enterableBlock(lastBlock);
        if (b == null) {
            lastBlock = null;
            return false;
        }
        long before = retired;
        int chained = 0;
        try {
            while (true) {
                lastBlock = b;
                BlockCode code = b.code;
                if (code != null || b.fetches) {
                    // The handlers fetch their immediates through the fetch window: open it over
                    // the block (a page walk may close it again; then fetch8 checks against
                    // fetchLimit and translates). Bound ops other than handlers fetch nothing.
                    fetchLimit = b.first + b.length - 1;
                    fastStart = b.first;
                    fastLength = b.length;
                    fastBase = fetchDelta + segBase[CS];
                }
                blockExit = false;
                if (code != null) {
                    code.run(this);
                } else {
                    runDecoded(b);
                    if (compiling) {
                        blocks.ranDecoded(b); // counts the runs up to the compile request
                    }
                }
                if (blockExit) {
                    lastBlock = null;
                    return true;
                }
                if (retired >= stopAt) {
                    return true; // the run loop ends the run
                }
                if (++chained == CHAIN_LENGTH) {
                    return true; // the run loop calls again at once, with this block as lastBlock
                }
                b = enterableBlock(b);
                if (b == null) {
                    return false; // the interpreter runs the next instruction (it would have anyway)
                }
            }
        } finally {
            translatedInstructions += retired - before;
        }
    }

    /**
     * Runs a block without compiled code: its instructions bound to their operands, which run
     * one another ({@link BoundOp}) until the block ends, is left at a side exit or something
     * asked a block to stop. A block that jumps back to its own start runs again at once, as
     * compiled code does ({@link BlockEmitter#LOOP_PASSES} passes a call), while the budget
     * holds a whole pass -- unless blocks are being compiled: then {@link #runBlock} counts
     * each pass towards the block's compile request.
     */
    private void runDecoded(BlockCache.Block b) {
        BoundOp first = b.ops[0];
        for (int passes = BlockEmitter.LOOP_PASSES; ; ) {
            try {
                BoundOp op = first;
                do {
                    op = op.run(this);
                } while (op != null);
            } catch (Fault f) {
                BoundOp[] ops = b.ops;
                int at = opAt(ops, startEip);
                retired += at == 0 ? 0 : ops[at - 1].ordinal; // the run loop counts the faulting one
                if (!(ops[at] instanceof HandlerOp)) {
                    startEsp = regs[ESP]; // as the op found it (BoundOp.faultPoint)
                }
                throw f;
            }
            if (eip != b.eip || blockExit || compiling || --passes == 0 || stopAt - retired < b.count) {
                return;
            }
        }
    }

    /**
     * The index of a block's op at {@code address}: the one a fault came from. Every op that may
     * fault marks its address first ({@link BoundOp#faultPoint}).
     */
    private static int opAt(BoundOp[] ops, int address) {
        for (int i = 0; i < ops.length; i++) {
            if (ops[i].address == address) {
                return i;
            }
        }
        throw new IllegalStateException("a fault in a block from an op that did not mark itself: EIP "
                + Integer.toHexString(address));
    }

    /** The block that ran last, while nothing has run in between (see {@link #runBlock}). */
    private BlockCache.Block lastBlock;

    /**
     * The compiled block at CS:EIP if it may run now, or null. {@code previous}, the block that
     * has just run, remembers its successors, which saves the cache lookup.
     */
    private BlockCache.Block enterableBlock(BlockCache.Block previous) {
        int linear = segBase[CS] + eip;
        if (((linear & 0xFFFFF000) | cpl) != fetchKey && !reopenCodePage(linear)) {
            return null; // the interpreter's fetch translates the page (and faults) first
        }
        int physical = linear + fetchDelta;
        BlockCache.Block b = previous == null ? null : previous.successor(physical, eip, code32);
        if (b == null) {
            b = blocks.find(physical, eip, code32);
            if (b == null) {
                return null;
            }
            if (previous != null) {
                previous.link(b);
            }
        }
        if (stopAt - retired < b.count) {
            return null;
        }
        int last = b.first + b.length - 1;
        if (Integer.compareUnsigned(last, segLimit[CS]) > 0 || Integer.compareUnsigned(last, b.first) < 0) {
            return null; // part of the block is outside CS: the interpreter raises the #GP
        }
        return b;
    }

    /** Decodes and executes one instruction. */
    private void step() {
        startEip = eip;
        startEsp = regs[ESP];
        // The CS limit and the 15-byte length limit both raise #GP(0), so fetch8 checks one bound:
        // the lower of the two (unless the length bound wraps past 4 GiB).
        int lengthLimit = eip + (MAX_INSTRUCTION_LENGTH - 1);
        int csLimit = segLimit[CS];
        fetchLimit = Integer.compareUnsigned(lengthLimit, csLimit) <= 0
                && Integer.compareUnsigned(lengthLimit, eip) >= 0 ? lengthLimit : csLimit;
        openFetchWindow();
        opSize32 = code32;
        addrSize32 = code32;
        segOverride = -1;
        repPrefix = 0;
        lockPrefix = false;
        int b = fetch8();
        while (PREFIX[b]) {
            applyPrefix(b);
            b = fetch8();
        }
        if (b == 0x0F) {
            b = 0x100 | fetch8();
        }
        Opcode op = TABLE[b];
        if (op.hasModrm) {
            decodeModrm(op.registerOnly);
            if (op.group != null) {
                op = op.group[reg];
            }
        }
        if (lockPrefix && (!op.lockable || mod == 3)) {
            raise(UD, -1);
        }
        op.handler.execute(this);
    }

    private void applyPrefix(int b) {
        switch (b) {
            case 0x26 -> segOverride = ES;
            case 0x2E -> segOverride = CS;
            case 0x36 -> segOverride = SS;
            case 0x3E -> segOverride = DS;
            case 0x64 -> segOverride = FS;
            case 0x65 -> segOverride = GS;
            case 0x66 -> opSize32 = !code32;
            case 0x67 -> addrSize32 = !code32;
            case 0xF0 -> lockPrefix = true;
            default -> repPrefix = b; // F2, F3: the last one wins, as on the i386
        }
    }

    // ---- exceptions and interrupts -------------------------------------------------------

    /** Raises a processor exception; {@code errorCode} -1 means the vector pushes none. */
    void raise(int vector, int errorCode) {
        faultVector = vector;
        faultHasError = errorCode >= 0;
        faultError = faultHasError ? errorCode : 0;
        throw Fault.INSTANCE;
    }

    /**
     * A software interrupt (INT n, INT3, INTO, INT1): the return address is the next
     * instruction. In hosted mode at CPL 3 it leaves the loop as an EXCEPTION exit.
     */
    void softwareInterrupt(int vector, boolean checkGateDpl) {
        if (hosted && cpl == 3) {
            requestExit(ExitKind.EXCEPTION, vector, 0, 0);
            return;
        }
        Interrupts.deliverSoftware(this, vector, checkGateDpl);
    }

    /** Accepts the pending external interrupt; false when delivering it shut the processor down. */
    private boolean acceptInterrupt() {
        int vector = interruptController == null ? 0x08 : interruptController.acknowledge() & 0xFF;
        halted = false;
        return Interrupts.deliverHardware(this, vector);
    }

    // ---- instruction fetch ---------------------------------------------------------------

    // The code page: instruction bytes come straight from the RAM array while CS:EIP stays in
    // the linear page that fetchKey names. The key is the page's linear address with the CPL in
    // its low bits, so a privilege change re-checks the page's user bit; FETCH_NONE matches no
    // address. Reading the array on every fetch keeps self-modifying code exact.
    private static final int FETCH_NONE = 0x800;
    private int fetchKey = FETCH_NONE;
    /** Physical minus linear address of the code page. */
    private int fetchDelta;
    private byte[] fetchRam;

    // The fetch window of the current instruction: offsets [fastStart, fastStart + fastLength)
    // lie in the code page and within both fetch bounds, so fetch8 reads them with one compare.
    private int fastStart;
    private int fastLength;
    /** RAM index minus CS offset inside the fetch window. */
    private int fastBase;

    /** Forgets the code page: translations, the A20 gate or paging changed. */
    void invalidateFetch() {
        fetchKey = FETCH_NONE;
        fastLength = 0;
    }

    /** Opens the fetch window at EIP for the instruction that starts there (after fetchLimit is set). */
    private void openFetchWindow() {
        int offset = eip;
        int linear = segBase[CS] + offset;
        if (((linear & 0xFFFFF000) | cpl) == fetchKey) {
            long toLimit = (fetchLimit & 0xFFFFFFFFL) - (offset & 0xFFFFFFFFL) + 1;
            int inPage = 0x1000 - (linear & 0xFFF);
            fastStart = offset;
            fastLength = toLimit <= 0 ? 0 : (int) Math.min(inPage, toLimit);
            fastBase = fetchDelta + segBase[CS];
        } else {
            fastLength = 0;
        }
    }

    int fetch8() {
        int offset = eip;
        if (Integer.compareUnsigned(offset - fastStart, fastLength) < 0) {
            eip = offset + 1;
            return fetchRam[fastBase + offset] & 0xFF;
        }
        return fetch8Checked();
    }

    /** A fetch outside the window: checks the bounds, then reads the code page or translates. */
    private int fetch8Checked() {
        int offset = eip;
        if (Integer.compareUnsigned(offset, fetchLimit) > 0) {
            raise(GP, 0);
        }
        eip = offset + 1;
        int linear = segBase[CS] + offset;
        if (((linear & 0xFFFFF000) | cpl) == fetchKey) {
            return fetchRam[linear + fetchDelta] & 0xFF;
        }
        return fetchSlow(linear);
    }

    /**
     * Makes the page of {@code linear} the code page when that needs no walk (a TLB entry that
     * allows the read and names RAM, or RAM with paging off); false otherwise, and nothing
     * changes. After a process switch the first block of the new process then runs at once,
     * where it used to wait for the interpreter's fetch to open the page.
     */
    private boolean reopenCodePage(int linear) {
        int at = directRead(linear);
        if (at < 0) {
            return false;
        }
        fetchRam = ram;
        fetchDelta = (at & 0xFFFFF000) - (linear & 0xFFFFF000);
        fetchKey = (linear & 0xFFFFF000) | cpl;
        return true;
    }

    /** A fetch outside the code page: translates, and makes the page the code page if it is RAM. */
    private int fetchSlow(int linear) {
        int physical = pagingEnabled ? paging.translateRead(linear, cpl == 3) : linear & a20Mask;
        int page = physical & 0xFFFFF000;
        if (memory.isRamPage(page)) {
            fetchRam = memory.ramArray();
            fetchDelta = page - (linear & 0xFFFFF000);
            fetchKey = (linear & 0xFFFFF000) | cpl;
        }
        return memory.read8(physical);
    }

    int fetch16() {
        int lo = fetch8();
        return lo | fetch8() << 8;
    }

    int fetch32() {
        int lo = fetch16();
        return lo | fetch16() << 16;
    }

    /** An immediate of the current operand size (Iz, Iv). */
    int fetchImmV() {
        return opSize32 ? fetch32() : fetch16();
    }

    /** A sign-extended 8-bit immediate (Ib used as a v-sized operand). */
    int fetch8s() {
        return (byte) fetch8();
    }

    // ---- ModR/M --------------------------------------------------------------------------

    private void decodeModrm(boolean registerOnly) {
        int b = fetch8();
        mod = registerOnly ? 3 : b >>> 6;
        reg = (b >>> 3) & 7;
        rm = b & 7;
        eaBaseIsEsp = false;
        if (mod != 3) {
            if (addrSize32) {
                decodeAddress32();
            } else {
                decodeAddress16();
            }
        }
    }

    private void decodeAddress16() {
        int offset;
        int seg = DS;
        switch (rm) {
            case 0 -> offset = regs[EBX] + regs[ESI];
            case 1 -> offset = regs[EBX] + regs[EDI];
            case 2 -> {
                offset = regs[EBP] + regs[ESI];
                seg = SS;
            }
            case 3 -> {
                offset = regs[EBP] + regs[EDI];
                seg = SS;
            }
            case 4 -> offset = regs[ESI];
            case 5 -> offset = regs[EDI];
            case 6 -> {
                if (mod == 0) {
                    offset = fetch16();
                } else {
                    offset = regs[EBP];
                    seg = SS;
                }
            }
            default -> offset = regs[EBX];
        }
        if (mod == 1) {
            offset += fetch8s();
        } else if (mod == 2) {
            offset += fetch16();
        }
        eaOffset = offset & 0xFFFF;
        eaSeg = segOverride >= 0 ? segOverride : seg;
    }

    private void decodeAddress32() {
        int offset;
        int seg = DS;
        if (rm == 4) {
            int sib = fetch8();
            int scale = sib >>> 6;
            int index = (sib >>> 3) & 7;
            int base = sib & 7;
            if (base == 5 && mod == 0) {
                offset = fetch32();
            } else {
                offset = regs[base];
                if (base == ESP || base == EBP) {
                    seg = SS;
                    eaBaseIsEsp = base == ESP;
                }
            }
            if (index != 4) {
                offset += regs[index] << scale;
            }
        } else if (rm == 5 && mod == 0) {
            offset = fetch32();
        } else {
            offset = regs[rm];
            if (rm == EBP) {
                seg = SS;
            }
        }
        if (mod == 1) {
            offset += fetch8s();
        } else if (mod == 2) {
            offset += fetch32();
        }
        eaOffset = offset;
        eaSeg = segOverride >= 0 ? segOverride : seg;
    }

    /** True when the ModR/M operand is a register. */
    boolean rmIsRegister() {
        return mod == 3;
    }

    /** The effective address without its segment (LEA); address-size truncation applied. */
    int effectiveOffset() {
        return eaOffset;
    }

    /** Raises #UD unless the ModR/M byte names memory (LEA, LDS, BOUND, ...). */
    void requireMemoryOperand() {
        if (mod == 3) {
            raise(UD, -1);
        }
    }

    // ---- register access -----------------------------------------------------------------

    int reg8(int index) {
        return index < 4 ? regs[index] & 0xFF : (regs[index - 4] >>> 8) & 0xFF;
    }

    void setReg8(int index, int value) {
        if (index < 4) {
            regs[index] = (regs[index] & 0xFFFFFF00) | (value & 0xFF);
        } else {
            regs[index - 4] = (regs[index - 4] & 0xFFFF00FF) | ((value & 0xFF) << 8);
        }
    }

    int reg16(int index) {
        return regs[index] & 0xFFFF;
    }

    void setReg16(int index, int value) {
        regs[index] = (regs[index] & 0xFFFF0000) | (value & 0xFFFF);
    }

    /** A register of the current operand size, zero-extended. */
    int regV(int index) {
        return opSize32 ? regs[index] : regs[index] & 0xFFFF;
    }

    void setRegV(int index, int value) {
        if (opSize32) {
            regs[index] = value;
        } else {
            setReg16(index, value);
        }
    }

    /** The operand size in bytes (2 or 4). */
    int sizeV() {
        return opSize32 ? 4 : 2;
    }

    // ---- ModR/M operands -----------------------------------------------------------------

    int readEb() {
        return mod == 3 ? reg8(rm) : read8(eaSeg, eaOffset);
    }

    void writeEb(int value) {
        if (mod == 3) {
            setReg8(rm, value);
        } else {
            write8(eaSeg, eaOffset, value);
        }
    }

    int readEw() {
        return mod == 3 ? regs[rm] & 0xFFFF : read16(eaSeg, eaOffset);
    }

    void writeEw(int value) {
        if (mod == 3) {
            setReg16(rm, value);
        } else {
            write16(eaSeg, eaOffset, value);
        }
    }

    int readEd() {
        return mod == 3 ? regs[rm] : read32(eaSeg, eaOffset);
    }

    void writeEd(int value) {
        if (mod == 3) {
            regs[rm] = value;
        } else {
            write32(eaSeg, eaOffset, value);
        }
    }

    int readEv() {
        return opSize32 ? readEd() : readEw();
    }

    void writeEv(int value) {
        if (opSize32) {
            writeEd(value);
        } else {
            writeEw(value);
        }
    }

    /** Reads an operand of {@code size} bytes at the ModR/M address plus {@code delta}. */
    int readMemoryOperand(int delta, int size) {
        int offset = addrSize32 ? eaOffset + delta : (eaOffset + delta) & 0xFFFF;
        return size == 1 ? read8(eaSeg, offset) : size == 2 ? read16(eaSeg, offset) : read32(eaSeg, offset);
    }

    // ---- memory through segments ---------------------------------------------------------

    /** Recomputes the derived access checks of a segment register from its hidden part. */
    void refreshSegment(int seg) {
        int attr = segAttr[seg];
        long limit = segLimit[seg] & 0xFFFFFFFFL;
        boolean realStyle = !protectedMode() || v86();
        if (realStyle) {
            segLow[seg] = 0;
            segHigh[seg] = limit;
            segAccess[seg] = ACCESS_READ | ACCESS_WRITE;
        } else if ((segSel[seg] & 0xFFFC) == 0 && seg != CS) {
            segLow[seg] = 1; // a null selector: every access is outside
            segHigh[seg] = 0;
            segAccess[seg] = 0;
        } else if (Descriptor.isCode(attr)) {
            segLow[seg] = 0;
            segHigh[seg] = limit;
            segAccess[seg] = (attr & Descriptor.TYPE_WRITABLE_OR_READABLE) != 0 ? ACCESS_READ : 0;
        } else {
            boolean expandDown = (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
            long top = (attr & Descriptor.BIG) != 0 ? 0xFFFFFFFFL : 0xFFFFL;
            segLow[seg] = expandDown ? limit + 1 : 0;
            segHigh[seg] = expandDown ? top : limit;
            segAccess[seg] = ACCESS_READ
                    | ((attr & Descriptor.TYPE_WRITABLE_OR_READABLE) != 0 ? ACCESS_WRITE : 0);
        }
        boolean expandUp = segLow[seg] == 0;
        readEnd[seg] = expandUp && (segAccess[seg] & ACCESS_READ) != 0 ? segHigh[seg] + 1 : 0;
        writeEnd[seg] = expandUp && (segAccess[seg] & ACCESS_WRITE) != 0 ? segHigh[seg] + 1 : 0;
        boolean flat = segBase[seg] == 0 && readEnd[seg] == FLAT_END && writeEnd[seg] == FLAT_END;
        flatSegments = flat ? flatSegments | (1 << seg) : flatSegments & ~(1 << seg);
        if (seg == CS) {
            code32 = (attr & Descriptor.BIG) != 0;
        } else if (seg == SS) {
            stack32 = (attr & Descriptor.BIG) != 0;
        }
    }

    /** Checks a {@code size}-byte read at {@code seg:offset}; returns its linear address. */
    int linear(int seg, int offset, int size) {
        long first = offset & 0xFFFFFFFFL;
        if ((segAccess[seg] & ACCESS_READ) == 0 || first < segLow[seg] || first + size - 1 > segHigh[seg]) {
            segmentFault(seg);
        }
        return segBase[seg] + offset;
    }

    /** Checks a {@code size}-byte write at {@code seg:offset}; returns its linear address. */
    int linearForWrite(int seg, int offset, int size) {
        long first = offset & 0xFFFFFFFFL;
        if ((segAccess[seg] & ACCESS_WRITE) == 0 || first < segLow[seg] || first + size - 1 > segHigh[seg]) {
            segmentFault(seg);
        }
        return segBase[seg] + offset;
    }

    /**
     * Checks that {@code size} bytes at {@code seg:offset} could be written -- segment rights,
     * limit and, with paging, the page rights at the current privilege -- and writes nothing.
     * ENTER ends with this check of the new top of stack.
     */
    void checkWritable(int seg, int offset, int size) {
        int linear = linearForWrite(seg, offset, size);
        if (pagingEnabled) {
            paging.translateWrite(linear, user());
            paging.translateWrite(linear + size - 1, user());
        }
    }

    /** #SS(0) for the stack segment, #GP(0) for the others. */
    private void segmentFault(int seg) {
        raise(seg == SS ? SS_FAULT : GP, 0);
    }

    // The data accesses of every instruction, interpreted or compiled. The common case -- an
    // expand-up segment whose limit holds the whole access, inside one page of RAM that the
    // access may reach without a walk (and, for a write, a page holding no translated code) --
    // is one compare for the segment, one for the page, and the RAM array. A flat segment (base
    // 0, reads and writes allowed up to 4 GiB: what a 32-bit kernel and its processes use)
    // needs no segment compare at all: one bit of flatSegments says so, and the page test
    // stands for the limit test (an access that would pass 4 GiB also leaves its page, and
    // takes the general path, which faults). Everything else takes the general path: the
    // segment's full checks (which fault), then the linear access.

    int read8(int seg, int offset) {
        long linear = pageLinear(seg, offset, 1, readEnd);
        if (linear >= 0) {
            int at = directRead((int) linear);
            return at >= 0 ? ram[at] & 0xFF : readLinear8((int) linear);
        }
        return readLinear8(linear(seg, offset, 1));
    }

    int read16(int seg, int offset) {
        long linear = pageLinear(seg, offset, 2, readEnd);
        if (linear >= 0) {
            int at = directRead((int) linear);
            return at >= 0 ? (short) RAM16.get(ram, at) & 0xFFFF : readLinear16((int) linear);
        }
        return readLinear16(linear(seg, offset, 2));
    }

    int read32(int seg, int offset) {
        long linear = pageLinear(seg, offset, 4, readEnd);
        if (linear >= 0) {
            int at = directRead((int) linear);
            return at >= 0 ? (int) RAM32.get(ram, at) : readLinear32((int) linear);
        }
        return readLinear32(linear(seg, offset, 4));
    }

    void write8(int seg, int offset, int value) {
        long linear = pageLinear(seg, offset, 1, writeEnd);
        if (linear < 0) {
            writeLinear8(linearForWrite(seg, offset, 1), value);
            return;
        }
        int at = directWrite((int) linear);
        if (at >= 0) {
            ram[at] = (byte) value;
        } else {
            writeLinear8((int) linear, value);
        }
    }

    void write16(int seg, int offset, int value) {
        long linear = pageLinear(seg, offset, 2, writeEnd);
        if (linear < 0) {
            writeLinear16(linearForWrite(seg, offset, 2), value);
            return;
        }
        int at = directWrite((int) linear);
        if (at >= 0) {
            RAM16.set(ram, at, (short) value);
        } else {
            writeLinear16((int) linear, value);
        }
    }

    void write32(int seg, int offset, int value) {
        long linear = pageLinear(seg, offset, 4, writeEnd);
        if (linear < 0) {
            writeLinear32(linearForWrite(seg, offset, 4), value);
            return;
        }
        int at = directWrite((int) linear);
        if (at >= 0) {
            RAM32.set(ram, at, value);
        } else {
            writeLinear32((int) linear, value);
        }
    }

    /**
     * The linear address of a {@code size}-byte access at {@code seg:offset} (1 to 4096 bytes)
     * when the segment admits it without its full checks and it stays within one page, as an
     * unsigned long; -1 otherwise (the general path then checks, faults or splits). A flat
     * segment admits every offset, and the page test stands for the limit test: an access that
     * would pass 4 GiB also leaves its page. Any other segment must be expand-up and hold the
     * whole access below {@code ends[seg]} ({@link #readEnd} or {@link #writeEnd}).
     */
    private long pageLinear(int seg, int offset, int size, long[] ends) {
        int linear;
        if ((flatSegments & (1 << seg)) != 0) {
            linear = offset;
        } else if ((offset & 0xFFFFFFFFL) + size - 1 < ends[seg]) {
            linear = segBase[seg] + offset;
        } else {
            return -1;
        }
        return (linear & 0xFFF) <= 0x1000 - size ? linear & 0xFFFFFFFFL : -1;
    }

    /** {@link #readEnd} and {@link #writeEnd} of a segment that allows every offset. */
    private static final long FLAT_END = 1L << 32;
    /** Bit {@code s} set: segment {@code s} is flat (base 0, reads and writes to 4 GiB); see read32. */
    private int flatSegments;

    /** The RAM index of a direct read at {@code linear} (the access stays in its page), or -1. */
    private int directRead(int linear) {
        if (pagingEnabled) {
            return ramForRead(linear);
        }
        int physical = linear & a20Mask;
        int page = physical >>> 12;
        return page < ramPages.length && ramPages[page] != 0 ? physical : -1;
    }

    /** The RAM index of a direct write at {@code linear} (the access stays in its page), or -1. */
    private int directWrite(int linear) {
        if (pagingEnabled) {
            return ramForWrite(linear);
        }
        int physical = linear & a20Mask;
        int page = physical >>> 12;
        return page < ramPages.length && ramPages[page] != 0 && codeMarks[page] == 0 ? physical : -1;
    }

    /** Reads {@code size} bytes (1, 2 or 4) at seg:offset. */
    int read(int seg, int offset, int size) {
        return size == 1 ? read8(seg, offset) : size == 2 ? read16(seg, offset) : read32(seg, offset);
    }

    void write(int seg, int offset, int size, int value) {
        if (size == 1) {
            write8(seg, offset, value);
        } else if (size == 2) {
            write16(seg, offset, value);
        } else {
            write32(seg, offset, value);
        }
    }

    // Linear accesses at the current privilege. A multi-byte access that crosses a page is
    // translated page by page, and both pages are checked before anything is written.

    private boolean user() {
        return cpl == 3;
    }

    // With paging on, an access inside one page whose TLB entry allows it and names a RAM frame
    // goes straight to the RAM array: no walk, no memory call. A write also needs the frame not
    // to hold translated code (the memory's code marks); otherwise it takes the memory's path,
    // which reports the write. Everything else (no entry, no permission, not RAM, a page
    // crossing) takes the general path, which walks, faults or splits as before.

    /** Little-endian 16- and 32-bit views of the RAM array (the string instructions' bulk path uses them too). */
    static final VarHandle RAM16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle RAM32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The memory's RAM array, or null. */
    private final byte[] ram;
    /** One byte per whole page of {@link #ram}: nonzero where that page is RAM (not a hole). */
    private final byte[] ramPages;
    /** The memory's code-page marks while translation is on; an all-zero array otherwise. */
    private byte[] codeMarks;

    /** The RAM index of a direct read at {@code linear}, or -1. */
    private int ramForRead(int linear) {
        int e = paging.tlb[linear >>> 12];
        int need = cpl == 3 ? Paging.RAM_READ_USER : Paging.RAM_READ_SUPERVISOR;
        return (e & need) == need ? (e & 0xFFFFF000) | (linear & 0xFFF) : -1;
    }

    /** The RAM index of a direct write at {@code linear}, or -1. */
    private int ramForWrite(int linear) {
        int e = paging.tlb[linear >>> 12];
        int need = cpl == 3 ? Paging.RAM_WRITE_USER : Paging.RAM_WRITE_SUPERVISOR;
        return (e & need) == need && codeMarks[e >>> 12] == 0 ? (e & 0xFFFFF000) | (linear & 0xFFF) : -1;
    }

    /** The RAM array for the string instructions' bulk path ({@link #ramRange}); may be null. */
    byte[] ram() {
        return ram;
    }

    /**
     * The RAM index of {@code bytes} bytes at {@code seg:offset}, or -1: the fast path of
     * {@link #read32} and {@link #write32} for a whole range. It is an index only when the
     * segment admits the range without its full checks ({@link #pageLinear}), the range lies in
     * one page, and that page is RAM the access may reach now without a walk (for a write, a
     * page holding no translated code). On -1 the string instructions go element by element, so
     * any fault is raised at the element that takes it, with the registers of that element.
     */
    int ramRange(int seg, int offset, int bytes, boolean write) {
        long linear = pageLinear(seg, offset, bytes, write ? writeEnd : readEnd);
        if (linear < 0) {
            return -1;
        }
        return write ? directWrite((int) linear) : directRead((int) linear);
    }

    int readLinear8(int linear) {
        if (!pagingEnabled) {
            return memory.read8(linear & a20Mask);
        }
        int at = ramForRead(linear);
        return at >= 0 ? ram[at] & 0xFF : memory.read8(paging.translateRead(linear, user()));
    }

    int readLinear16(int linear) {
        if (!pagingEnabled) {
            return memory.read16(linear & a20Mask);
        }
        if ((linear & 0xFFF) == 0xFFF) {
            return readLinear8(linear) | readLinear8(linear + 1) << 8;
        }
        int at = ramForRead(linear);
        return at >= 0 ? (short) RAM16.get(ram, at) & 0xFFFF : memory.read16(paging.translateRead(linear, user()));
    }

    int readLinear32(int linear) {
        if (!pagingEnabled) {
            return memory.read32(linear & a20Mask);
        }
        if ((linear & 0xFFF) > 0xFFC) {
            return readLinear16(linear) | readLinear16(linear + 2) << 16;
        }
        int at = ramForRead(linear);
        return at >= 0 ? (int) RAM32.get(ram, at) : memory.read32(paging.translateRead(linear, user()));
    }

    void writeLinear8(int linear, int value) {
        if (!pagingEnabled) {
            memory.write8(linear & a20Mask, value);
            return;
        }
        int at = ramForWrite(linear);
        if (at >= 0) {
            ram[at] = (byte) value;
        } else {
            memory.write8(paging.translateWrite(linear, user()), value);
        }
    }

    void writeLinear16(int linear, int value) {
        if (!pagingEnabled) {
            memory.write16(linear & a20Mask, value);
        } else if ((linear & 0xFFF) == 0xFFF) {
            writeAcrossPages(linear, 2, value, user());
        } else {
            int at = ramForWrite(linear);
            if (at >= 0) {
                RAM16.set(ram, at, (short) value);
            } else {
                memory.write16(paging.translateWrite(linear, user()), value);
            }
        }
    }

    void writeLinear32(int linear, int value) {
        if (!pagingEnabled) {
            memory.write32(linear & a20Mask, value);
        } else if ((linear & 0xFFF) > 0xFFC) {
            writeAcrossPages(linear, 4, value, user());
        } else {
            int at = ramForWrite(linear);
            if (at >= 0) {
                RAM32.set(ram, at, value);
            } else {
                memory.write32(paging.translateWrite(linear, user()), value);
            }
        }
    }

    private void writeAcrossPages(int linear, int size, int value, boolean user) {
        int firstPage = paging.translateWrite(linear, user);
        int secondPage = paging.translateWrite((linear + size - 1) & 0xFFFFF000, user);
        int inFirst = 0x1000 - (linear & 0xFFF);
        for (int i = 0; i < size; i++) {
            int physical = i < inFirst ? firstPage + i : secondPage + (i - inFirst);
            memory.write8(physical, value >>> (8 * i));
        }
    }

    /**
     * Supervisor-privilege accesses that the processor makes on its own behalf (descriptor
     * tables, the TSS, the interrupt vector table), whatever the CPL.
     */
    int readSystem32(int linear) {
        if (!pagingEnabled) {
            return memory.read32(linear & a20Mask);
        }
        if ((linear & 0xFFF) > 0xFFC) {
            return readSystem16(linear) | readSystem16(linear + 2) << 16;
        }
        return memory.read32(paging.translateRead(linear, false));
    }

    int readSystem16(int linear) {
        if (!pagingEnabled) {
            return memory.read16(linear & a20Mask);
        }
        if ((linear & 0xFFF) == 0xFFF) {
            return memory.read8(paging.translateRead(linear, false))
                    | memory.read8(paging.translateRead(linear + 1, false)) << 8;
        }
        return memory.read16(paging.translateRead(linear, false));
    }

    void writeSystem32(int linear, int value) {
        if (!pagingEnabled) {
            memory.write32(linear & a20Mask, value);
        } else if ((linear & 0xFFF) > 0xFFC) {
            writeAcrossPages(linear, 4, value, false);
        } else {
            memory.write32(paging.translateWrite(linear, false), value);
        }
    }

    void writeSystem16(int linear, int value) {
        if (!pagingEnabled) {
            memory.write16(linear & a20Mask, value);
        } else if ((linear & 0xFFF) == 0xFFF) {
            writeAcrossPages(linear, 2, value, false);
        } else {
            memory.write16(paging.translateWrite(linear, false), value);
        }
    }

    // ---- stack ---------------------------------------------------------------------------

    int stackPointer() {
        return stack32 ? regs[ESP] : regs[ESP] & 0xFFFF;
    }

    void setStackPointer(int value) {
        if (stack32) {
            regs[ESP] = value;
        } else {
            setReg16(ESP, value);
        }
    }

    /** Adds {@code delta} to SP or ESP, as the stack size says. */
    void adjustStackPointer(int delta) {
        setStackPointer(stack32 ? regs[ESP] + delta : (regs[ESP] + delta) & 0xFFFF);
    }

    /** SP or ESP plus {@code delta}, wrapped as the current stack size says (not stored). */
    int stackOffset(int delta) {
        return stack32 ? regs[ESP] + delta : (regs[ESP] + delta) & 0xFFFF;
    }

    /**
     * Stores a stack pointer computed under an earlier stack size: {@code big} is the B bit of the
     * SS in effect when the stack access started (POP SS changes it half way); a 16-bit stack
     * moves only SP and keeps the upper half of ESP.
     */
    void setStackPointer(boolean big, int value) {
        if (big) {
            regs[ESP] = value;
        } else {
            setReg16(ESP, value);
        }
    }

    void push16(int value) {
        int sp = stackOffset(-2);
        write16(SS, sp, value);
        setStackPointer(sp);
    }

    void push32(int value) {
        int sp = stackOffset(-4);
        write32(SS, sp, value);
        setStackPointer(sp);
    }

    /** Pushes a value of the current operand size. */
    void pushV(int value) {
        if (opSize32) {
            push32(value);
        } else {
            push16(value);
        }
    }

    int pop16() {
        int sp = stackPointer();
        int value = read16(SS, sp);
        setStackPointer(stackOffset(2));
        return value;
    }

    int pop32() {
        int sp = stackPointer();
        int value = read32(SS, sp);
        setStackPointer(stackOffset(4));
        return value;
    }

    int popV() {
        return opSize32 ? pop32() : pop16();
    }

    /** Reads the stack {@code delta} bytes above the top without popping. */
    int peekStack(int delta, int size) {
        return size == 2 ? read16(SS, stackOffset(delta)) : read32(SS, stackOffset(delta));
    }

    // ---- segments ------------------------------------------------------------------------

    /**
     * Loads a segment register the real-mode way: base = selector * 16; the limit and attributes
     * keep what the hidden part held (so "unreal" limits survive, as on the i386).
     */
    void loadSegmentReal(int seg, int selector) {
        selector &= 0xFFFF;
        segSel[seg] = selector;
        segBase[seg] = selector << 4;
        refreshSegment(seg);
        if (seg == SS) {
            interruptShadow = true;
        }
    }

    /** Virtual-8086 loads: base = selector * 16, a 64 KiB writable 16-bit segment at DPL 3. */
    void loadSegmentV86(int seg, int selector) {
        selector &= 0xFFFF;
        segSel[seg] = selector;
        segBase[seg] = selector << 4;
        segLimit[seg] = 0xFFFF;
        segAttr[seg] = Descriptor.REAL_MODE | (3 << Descriptor.DPL_SHIFT)
                | (seg == CS ? Descriptor.TYPE_CODE : 0);
        refreshSegment(seg);
        if (seg == SS) {
            interruptShadow = true;
        }
    }

    /** MOV Sreg, POP Sreg, LDS...: loads a data or stack segment register in the current mode. */
    void loadSegment(int seg, int selector) {
        if (v86()) {
            loadSegmentV86(seg, selector);
        } else if (protectedMode()) {
            Segments.loadDataOrStack(this, seg, selector);
        } else {
            loadSegmentReal(seg, selector);
        }
    }

    /** Loads a segment register from a descriptor already read and checked. */
    void loadSegmentDescriptor(int seg, int selector, int low, int high) {
        segSel[seg] = selector & 0xFFFF;
        segBase[seg] = Descriptor.base(low, high);
        segLimit[seg] = Descriptor.limit(low, high);
        segAttr[seg] = Descriptor.attributes(high);
        refreshSegment(seg);
        if (seg == SS) {
            interruptShadow = true;
        }
    }

    /** Marks a data segment register null (selector 0..3 in protected mode). */
    void loadNullSegment(int seg, int selector) {
        segSel[seg] = selector & 0xFFFF;
        segBase[seg] = 0;
        segLimit[seg] = 0;
        segAttr[seg] = 0;
        refreshSegment(seg);
    }

    /** Far transfers in real and virtual-8086 mode: loads CS and EIP together. */
    void loadCodeSegment(int selector, int newEip) {
        if (v86()) {
            loadSegmentV86(CS, selector);
        } else {
            loadSegmentReal(CS, selector);
        }
        eip = newEip;
    }

    /** Branch target of the current operand size: in 16-bit code EIP wraps to 16 bits. */
    void jumpTo(int target) {
        eip = opSize32 ? target : target & 0xFFFF;
    }

    // ---- misc for handlers ---------------------------------------------------------------

    void halt() {
        halted = true;
        requestExit(ExitKind.HALT, 0);
    }

    long readTimeStampCounter() {
        return timeStampCounter.read();
    }

    /** CR0.PE: protected mode, including virtual-8086 mode. */
    boolean protectedMode() {
        return (cr0 & 1) != 0;
    }

    /** EFLAGS.VM: virtual-8086 mode. */
    boolean v86() {
        return (flags.stored & Flags.VM) != 0;
    }

    /** Current privilege level: 0 in real mode, 3 in virtual-8086 mode. */
    int cpl() {
        return cpl;
    }

    int iopl() {
        return (flags.stored >>> 12) & 3;
    }

    /** CR0 from MOV CR0, LMSW, a task switch or the host: flushes the TLB when paging changes. */
    void writeCr0(int value) {
        int old = cr0;
        cr0 = value | 0x10;
        if (((old ^ cr0) & 1) != 0) {
            // Switching PE happens at CPL 0 (only CPL 0 may write CR0) and leaves it there; it
            // changes how the cached segments are checked.
            cpl = 0;
            for (int s = 0; s < 6; s++) {
                refreshSegment(s);
            }
        }
        pagingEnabled = (cr0 & 0x80000001) == 0x80000001;
        invalidateFetch();
        if (((old ^ cr0) & 0x80010000) != 0) {
            paging.flush();
        }
    }

    void writeCr3(int value) {
        int old = cr3;
        cr3 = value;
        paging.loadCr3(old, value);
    }

    void writeCr4(int value) {
        cr4 = value;
        paging.flush();
    }

    // ---- public state access (debugger, conformance runner, loaders) --------------------

    /** General register by number (EAX..EDI = 0..7). */
    public int register(int index) {
        return regs[index];
    }

    public void setRegister(int index, int value) {
        regs[index] = value;
    }

    public int eip() {
        return eip;
    }

    public void setEip(int value) {
        eip = value;
        halted = false;
    }

    public int segmentSelector(int seg) {
        return segSel[seg];
    }

    public int segmentBase(int seg) {
        return segBase[seg];
    }

    public int segmentLimit(int seg) {
        return segLimit[seg];
    }

    /** Loads a segment register with real-mode semantics (base = selector * 16). */
    public void setSegmentReal(int seg, int selector) {
        loadSegmentReal(seg, selector);
        interruptShadow = false;
    }

    /** The hidden attribute word of a segment register (see {@link Descriptor}). */
    public int segmentAttributes(int seg) {
        return segAttr[seg];
    }

    /**
     * Loads a segment register's visible selector and hidden descriptor cache directly, without
     * reading a descriptor table: what a boot loader or the hosted kernel does when it sets up the
     * state a program starts in. {@code attributes} is a {@link Descriptor} attribute word; for CS
     * its D bit sets the default operand size, for SS its B bit the stack-pointer width.
     */
    public void setSegment(int seg, int selector, int base, int limit, int attributes) {
        segSel[seg] = selector & 0xFFFF;
        segBase[seg] = base;
        segLimit[seg] = limit;
        segAttr[seg] = attributes;
        if (seg == CS && protectedMode() && !v86()) {
            cpl = Descriptor.dpl(attributes);
        }
        refreshSegment(seg);
    }

    /** Sets GDTR. */
    public void setGdt(int base, int limit) {
        gdtBase = base;
        gdtLimit = limit & 0xFFFF;
    }

    /** Sets IDTR. */
    public void setIdt(int base, int limit) {
        idtBase = base;
        idtLimit = limit & 0xFFFF;
    }

    public int gdtBase() {
        return gdtBase;
    }

    public int gdtLimit() {
        return gdtLimit;
    }

    public int idtBase() {
        return idtBase;
    }

    public int idtLimit() {
        return idtLimit;
    }

    /** Control register CR0, CR2, CR3 or CR4. */
    public int controlRegister(int n) {
        return switch (n) {
            case 0 -> cr0;
            case 2 -> cr2;
            case 3 -> cr3;
            case 4 -> cr4;
            default -> throw new IllegalArgumentException("no control register CR" + n);
        };
    }

    /**
     * Writes a control register as the host (a loader, the kernel): no privilege or reserved-bit
     * checks; paging state is flushed as a MOV to the register would, and for CR3 every address
     * space's cached translations (see {@link #switchAddressSpace}).
     */
    public void setControlRegister(int n, int value) {
        switch (n) {
            case 0 -> {
                writeCr0(value);
                if (protectedMode() && !v86()) {
                    cpl = Descriptor.dpl(segAttr[CS]);
                }
            }
            case 2 -> cr2 = value;
            case 3 -> {
                // The host may have edited page tables behind the CPU's back: forget them all.
                cr3 = value;
                paging.loadCr3Flushing(value);
            }
            case 4 -> writeCr4(value);
            default -> throw new IllegalArgumentException("no control register CR" + n);
        }
    }

    /**
     * Loads CR3 as a process switch: the translations of up to eight address
     * spaces are kept, so switching back to one finds them still cached. Exact as long as page
     * tables change only through the guest's own writes (which the CPU notices) or the host calls
     * {@link #flushTlb()} after editing them; {@link #setControlRegister} with CR3 flushes
     * everything instead.
     */
    public void switchAddressSpace(int cr3) {
        writeCr3(cr3);
    }

    /**
     * Forgets every cached translation of every address space. The CPU notices the guest's own
     * writes to page tables; a host that edits page tables in memory directly calls this after.
     */
    public void flushTlb() {
        paging.flush();
    }

    /**
     * The host wrote {@code length} bytes of physical memory at {@code physical} directly (a
     * hosted kernel's copy into a process): if that touched a page table the CPU has walked,
     * every cached translation is forgotten as by {@link #flushTlb()}, so a host that keeps
     * address spaces with {@link #switchAddressSpace} stays exact; other writes cost a bit test
     * per page.
     */
    public void hostWrote(int physical, int length) {
        paging.hostWrote(physical, length);
    }

    public int eflags() {
        return flags.get();
    }

    /** Replaces EFLAGS (bit 1 always reads as one). Setting VM here does not reload segments. */
    public void setEflags(int value) {
        flags.load(value, ~Flags.ALWAYS_ONE);
        if (v86()) {
            cpl = 3;
        }
    }

    /** The current privilege level. */
    public int currentPrivilegeLevel() {
        return cpl;
    }

    public int cr0() {
        return cr0;
    }

    /**
     * The physical address of linear address {@code linear} for a debugger: through the page
     * tables when paging is on (without touching accessed bits, the TLB or CR2), else the
     * address under the A20 mask; -1 when it is not mapped.
     */
    public long debugTranslate(int linear) {
        return pagingEnabled ? paging.peek(linear) : Integer.toUnsignedLong(linear & a20Mask);
    }

    /** Instructions retired since this CPU was made (faults count as one). */
    public long instructionsRetired() {
        return retired;
    }

    /**
     * The vector of the first processor exception raised since {@link #reset} (not INT n, not a
     * hardware interrupt), or -1. In real mode nothing else records which vector was taken once
     * the handler runs; the conformance runner uses it to say what the CPU did on a failure.
     */
    public int firstExceptionVector() {
        return firstException;
    }

    public boolean isHalted() {
        return halted;
    }

    public PhysicalMemory memory() {
        return memory;
    }
}
