package org.minixemu.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The translated blocks, found by the physical address of their first instruction.
 *
 * <p>The interpreter asks {@link #find} at each instruction it is about to run. Each start
 * address counts how often it was reached; at the threshold the block that starts there is
 * decoded, and compiled ({@link BlockTranslator}) unless translation to bytecode is off, in which
 * case {@link Cpu} runs the decoded instructions itself. A block lies in one 4 KiB page, so the page is
 * the unit of invalidation: when anything writes to a page that blocks came from, the memory
 * reports it ({@link PhysicalMemory#watchCodeWrites}) and all of that page's blocks are dropped.
 * A page that keeps being written while its code runs (code and data sharing a page) is given up
 * after {@link #MAX_INVALIDATIONS} and left to the interpreter.
 *
 * <p>A block is keyed by its physical address, its EIP and CS.D. The compiled code depends only
 * on the bytes, the offsets they sit at and the default operand size; everything else (CPL,
 * segment bases, paging) it reads when it runs, through the same paths as the interpreter.
 */
final class BlockCache implements CodeWriteWatcher {
    /** The longest block, in instructions (a class per block stays small for HotSpot). */
    static final int MAX_INSTRUCTIONS = 64;
    /** Invalidations a page may have before it is left to the interpreter for good. */
    static final int MAX_INVALIDATIONS = 16;

    /**
     * A block: its decoded instructions (none: nothing could be decoded there), the compiled code
     * when compiling is on (null otherwise), and what they were made for.
     */
    static final class Block {
        final int physical;
        final int eip;
        final boolean code32;
        /** Instructions in the block; the EIP of the lowest byte of any of them, and the bytes from there to the highest. */
        final int count;
        final int first;
        final int length;
        final DecodedInstruction[] decoded;
        /** The decoded instructions bound to their operands, which the block interpreter runs. */
        final BoundOp[] ops;
        /** Some op runs a handler, which fetches its immediates through the CPU's fetch window. */
        final boolean fetches;
        /** The compiled code once there is some: set by the compiler thread, read by the CPU's. */
        volatile BlockCode code;
        /** Times the decoded block ran (counts up to the compile request). */
        int runs;
        /** What its code would be shared under ({@link CompiledCodeCache}); null when not compiling. */
        CompiledCodeCache.Key key;
        /** False once the page it came from was written: links to it must not be followed. */
        boolean valid = true;
        /** The blocks that ran after this one (a conditional jump has two), so the run loop skips the lookup. */
        private Block next0;
        private Block next1;

        Block(int physical, int eip, boolean code32, int count, int first, int length, DecodedInstruction[] decoded,
                BlockCode code) {
            this.physical = physical;
            this.eip = eip;
            this.code32 = code32;
            this.count = count;
            this.first = first;
            this.length = length;
            this.decoded = decoded;
            this.ops = OpBinder.bind(decoded);
            this.fetches = java.util.Arrays.stream(ops).anyMatch(op -> op instanceof HandlerOp);
            this.code = code;
        }

        /** A remembered successor that starts at this address, or null. */
        Block successor(int physical, int eip, boolean code32) {
            Block n = next0;
            if (n != null && n.physical == physical && n.eip == eip && n.code32 == code32 && n.valid) {
                return n;
            }
            n = next1;
            if (n != null && n.physical == physical && n.eip == eip && n.code32 == code32 && n.valid) {
                return n;
            }
            return null;
        }

        /** Remembers {@code next} as a successor (replacing an invalid one, else the second). */
        void link(Block next) {
            if (next0 == null || !next0.valid) {
                next0 = next;
            } else {
                next1 = next;
            }
        }
    }

    private final Cpu cpu;
    private final byte[] ram;
    /** The memory's code-page marks ({@link PhysicalMemory#watchCodeWrites}). */
    private byte[] marks;
    private final int threshold;
    private final BlockTranslator translator = new BlockTranslator();
    /** Per physical page: its blocks by page offset, made on the page's first count. */
    private final Block[][] blocks;
    private final byte[][] counts;
    private final byte[] invalidations;
    /** Blocks made so far (compiled, or decoded only). */
    private long made;
    /** Whether blocks are compiled to bytecode, or only decoded for {@link Cpu}'s block interpreter. */
    private final boolean compiling;
    /**
     * Runs of a decoded block before it is compiled, on the compiler thread; 0: compile at once,
     * on the CPU's thread (eager mode, so tests run compiled code deterministically).
     */
    private final int compileAfter;
    /** Runs of a decoded block after which it is compiled, unless blocks are made eagerly. */
    static final int COMPILE_AFTER_RUNS = 100;

    /**
     * One thread compiles for every CPU, so that the CPUs' threads go on running the decoded
     * blocks meanwhile: compiling costs a short run more than it saves. Daemon: it never holds
     * the JVM open.
     */
    private static final java.util.concurrent.ExecutorService COMPILER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "minix-emu block compiler");
                t.setDaemon(true);
                return t;
            });
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockCache.class);
    private long dropped;

    private BlockCache(Cpu cpu, byte[] ram, int threshold, boolean compiling) {
        this.cpu = cpu;
        this.compiling = compiling;
        this.compileAfter = threshold == 1 ? 0 : COMPILE_AFTER_RUNS;
        this.ram = ram;
        this.threshold = Math.max(1, Math.min(threshold, 127));
        int pages = ram.length >>> 12;
        blocks = new Block[pages][];
        counts = new byte[pages][];
        invalidations = new byte[pages];
    }

    /**
     * A cache for {@code cpu}'s code in {@code memory}, or null when the memory has no RAM array
     * or cannot report writes to code pages (then nothing can be translated safely).
     *
     * @param threshold how many times a start address is reached before its block is made (1 to 127)
     * @param compiling compile blocks to bytecode, or only decode them
     */
    static BlockCache create(Cpu cpu, PhysicalMemory memory, int threshold, boolean compiling) {
        byte[] ram = memory.ramArray();
        if (ram == null) {
            return null;
        }
        BlockCache cache = new BlockCache(cpu, ram, threshold, compiling);
        cache.marks = memory.watchCodeWrites(cache);
        return cache.marks == null ? null : cache;
    }

    /** The block made for {@code eip} at {@code physical}, or null; unlike {@link #find}, counts nothing (for tests). */
    Block peek(int physical, int eip, boolean code32) {
        int page = physical >>> 12;
        Block[] pageBlocks = page < blocks.length ? blocks[page] : null;
        Block b = pageBlocks == null ? null : pageBlocks[physical & 0xFFF];
        return b != null && b.eip == eip && b.code32 == code32 ? b : null;
    }

    /**
     * The block (compiled or decoded) for the instruction at {@code eip}, physical address {@code physical},
     * or null: not hot yet, not compilable, or outside RAM.
     */
    Block find(int physical, int eip, boolean code32) {
        int page = physical >>> 12;
        if (page >= blocks.length) {
            return null;
        }
        int offset = physical & 0xFFF;
        Block[] pageBlocks = blocks[page];
        if (pageBlocks != null) {
            Block b = pageBlocks[offset];
            if (b != null && b.eip == eip && b.code32 == code32) {
                return b.count > 0 ? b : null;
            }
        } else if (invalidations[page] >= MAX_INVALIDATIONS) {
            return null;
        }
        byte[] pageCounts = counts[page];
        if (pageCounts == null) {
            pageCounts = counts[page] = new byte[4096];
        }
        if (++pageCounts[offset] < threshold) {
            return null;
        }
        pageCounts[offset] = 0;
        return compile(page, offset, eip, code32);
    }

    private Block compile(int page, int offset, int eip, boolean code32) {
        List<DecodedInstruction> block = decodeBlock(page << 12, eip - offset, eip, code32);
        // The span of the block's bytes: contiguous, unless it followed a jump.
        int first = eip;
        int end = eip;
        for (DecodedInstruction d : block) {
            first = Math.min(first, d.address);
            end = Math.max(end, d.address + d.length);
        }
        int length = end - first;
        CompiledCodeCache.Key key = compiling && !block.isEmpty()
                ? CompiledCodeCache.key(ram, (page << 12) | (offset - (eip - first)), length, eip, code32, first)
                : null;
        BlockCode code = key == null ? null : CompiledCodeCache.find(key);
        if (code != null) {
            reused++;
        } else if (key != null && compileAfter == 0) {
            code = translator.compile(block);
            CompiledCodeCache.put(key, code);
        }
        Block b = new Block((page << 12) | offset, eip, code32, block.size(), first, length,
                block.toArray(new DecodedInstruction[0]), code);
        b.key = key;
        Block[] pageBlocks = blocks[page];
        if (pageBlocks == null) {
            pageBlocks = blocks[page] = new Block[4096];
        }
        pageBlocks[offset] = b;
        marks[page] = 1;
        if (b.count > 0) {
            made++;
        }
        return b.count > 0 ? b : null;
    }

    /**
     * The CPU ran {@code b} from its decoded instructions: after {@link #COMPILE_AFTER_RUNS} runs
     * it is queued for the compiler thread, which installs the code unless the block was dropped
     * meanwhile. Decoded and compiled runs give the same results, so when the code arrives does
     * not matter to the guest.
     */
    void ranDecoded(Block b) {
        if (compiling && ++b.runs == compileAfter) {
            COMPILER.execute(() -> {
                try {
                    if (b.valid) {
                        BlockCode code = translator.compile(java.util.Arrays.asList(b.decoded));
                        CompiledCodeCache.put(b.key, code);
                        b.code = code;
                        installed++;
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("block at EIP {} not compiled, it stays decoded: {}", Integer.toHexString(b.eip), e.toString());
                }
            });
        }
    }

    /**
     * Decodes from {@code eip} to the first control transfer (a conditional jump with 32-bit
     * sizes is a side exit and does not end the block; a direct JMP or CALL within the page is
     * followed to its target), excluded instruction or page end.
     */
    private List<DecodedInstruction> decodeBlock(int pageStart, int pageEip, int eip, boolean code32) {
        InstructionDecoder decoder = new InstructionDecoder(ram, pageStart, pageEip);
        List<DecodedInstruction> out = new ArrayList<>();
        int at = eip;
        while (out.size() < MAX_INSTRUCTIONS) {
            DecodedInstruction d = new DecodedInstruction();
            if (!decoder.decode(at, code32, d)) {
                break;
            }
            int kind = BlockRules.kind(d);
            if (kind == BlockRules.EXCLUDED) {
                break;
            }
            out.add(d);
            at += d.length;
            d.sideExit = kind == BlockRules.SIDE_EXIT;
            // A direct JMP or CALL, or a loop's closing (backward) Jcc, may be followed: the block
            // goes on at the target (for a Jcc, leaving when it is not taken; the block may start
            // inside the loop, after a call returns). Any other control transfer ends the block.
            boolean mayFollow = kind == BlockRules.ENDS || (d.sideExit && d.target() - d.address < 0);
            if (mayFollow && followable(d, pageEip, out)) {
                d.followed = true;
                at = d.target();
            } else if (kind == BlockRules.ENDS) {
                break;
            }
        }
        if (!out.isEmpty()) {
            DecodedInstruction last = out.get(out.size() - 1);
            last.sideExit = false; // the last instruction ends the block anyway
            last.followed = false;
        }
        return out;
    }

    /**
     * Whether the block may go on at the target of {@code d}: a direct JMP or CALL, or a
     * conditional jump, with 32-bit sizes, to an address in the same page where no instruction
     * of the block starts yet (a jump back into the block ends it: a loop to its start runs
     * inside the compiled code).
     */
    private static boolean followable(DecodedInstruction d, int pageEip, List<DecodedInstruction> block) {
        if ((d.code != 0xE8 && d.code != 0xE9 && d.code != 0xEB && !d.isJcc()) || !d.opSize32 || !d.addrSize32) {
            return false;
        }
        int target = d.target();
        if (Integer.compareUnsigned(target - pageEip, 0x1000) >= 0) {
            return false;
        }
        for (DecodedInstruction earlier : block) {
            if (earlier.address == target) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void codeWritten(int page) {
        int index = page >>> 12;
        if (index < blocks.length && blocks[index] != null) {
            for (Block b : blocks[index]) {
                if (b != null) {
                    b.valid = false;
                }
            }
            blocks[index] = null;
            counts[index] = null;
            if (invalidations[index] < MAX_INVALIDATIONS) {
                invalidations[index]++;
            }
            dropped++;
        }
        cpu.blockExit = true;
    }

    /** The memory's code-page marks: nonzero where blocks came from. */
    byte[] marks() {
        return marks;
    }

    /** Forgets every block and clears the marks, before translation is turned off. */
    void detach() {
        java.util.Arrays.fill(marks, (byte) 0);
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] != null) {
                for (Block b : blocks[i]) {
                    if (b != null) {
                        b.valid = false;
                    }
                }
                blocks[i] = null;
            }
        }
    }

    /** Blocks the compiler thread compiled and installed (written by that thread only). */
    private volatile long installed;

    /** Blocks made with code another block of the same bytes had compiled (CPU thread only). */
    private long reused;

    /**
     * Blocks that got compiled code after they were made (from the compiler thread), or when they
     * were made (from {@link CompiledCodeCache}); eager compiles are not counted.
     */
    long installedBlocks() {
        return installed + reused;
    }

    /** Blocks made so far: compiled, or decoded only. */
    long madeBlocks() {
        return made;
    }

    /** Pages whose blocks were dropped because they were written. */
    long droppedPages() {
        return dropped;
    }
}
