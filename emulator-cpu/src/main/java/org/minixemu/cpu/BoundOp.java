package org.minixemu.cpu;

/**
 * One instruction of a decoded block bound to its operands: what the block interpreter (the
 * decoded mode, {@code --no-jit}) runs. Binding once, when the block is made, leaves each run
 * with the work of the instruction itself: the registers, immediates and address parts are
 * final fields, and each common form has a class of its own. {@link OpBinder} picks the class;
 * forms without one run their handler ({@link HandlerOp}).
 *
 * <p>The ops of a block are linked ({@link #following}), and each op, when it is done, calls
 * the next one itself ({@link #proceed}), instead of returning to a loop that calls them all
 * from one place. That is threaded code: the indirect call to the next op sits in every op
 * class's compiled code, so the processor predicts where it goes from the op it comes from,
 * where one call site in a loop, with every op class behind it, is mispredicted often. A block
 * is at most {@link BlockCache#MAX_INSTRUCTIONS} ops deep.
 *
 * <p>No per-instruction state is kept outside the ops, as in compiled code: an op that may fault
 * marks itself first ({@link #faultPoint}: the EIP a fault restores); EIP is stored only
 * when it is looked at -- by an op that jumps ({@link #setsEip}), or when the block is left after
 * an op that does not; and the retired count is added up when the block is left (each op knows
 * its {@link #ordinal}), when a fault leaves it, and around a handler, which sees it exact. Each
 * op does exactly what its handler does, in the same order, faults included.
 */
abstract class BoundOp {
    /** EIP of the instruction, and of the instruction after it. */
    final int address;
    final int next;
    /** The op stores EIP whenever it runs (a jump, or a handler); for the others it is stored on leaving. */
    final boolean setsEip;
    /** The next op of the block, or null for the last (set once, by {@link OpBinder}). */
    BoundOp following;
    /** The instructions of the block up to and including this op's: those retired when the block is left after it. */
    int ordinal;

    BoundOp(DecodedInstruction d) {
        this(d, false);
    }

    BoundOp(DecodedInstruction d, boolean setsEip) {
        this(d, d, setsEip);
    }

    /** An op for the instructions from {@code first} to {@code last} (a fused pair, {@link FusedJump}). */
    BoundOp(DecodedInstruction first, DecodedInstruction last, boolean setsEip) {
        this.address = first.address;
        this.next = last.address + last.length;
        this.setsEip = setsEip;
    }

    /**
     * Executes the instruction and, through {@link #proceed}, the rest of the block, or leaves
     * the block after it ({@link #leave}: a side exit). Returns the op to run next when the
     * chain returned to the run loop to keep the host stack shallow ({@link #CHAIN_DEPTH}); null
     * when the block is done.
     */
    abstract BoundOp run(Cpu c);

    /**
     * Ops that run one another before the chain returns to the run loop, which calls the next
     * op itself. Each op of a chain is a host stack frame, and a return the processor predicts
     * needs its return stack (some 32 entries) to hold them all; blocks have up to 64 ops.
     */
    static final int CHAIN_DEPTH = 16;

    /**
     * The instruction is done: runs the rest of the block, unless this was the last op or
     * something asked the block to stop (then EIP is made current, the retired count added up
     * and the block left); every {@link #CHAIN_DEPTH} ops it returns the next op instead.
     */
    final BoundOp proceed(Cpu c) {
        BoundOp n = following;
        if (n == null || c.blockExit) {
            c.retired += ordinal;
            if (!setsEip) {
                c.eip = next;
            }
            return null;
        }
        return (ordinal & (CHAIN_DEPTH - 1)) == 0 ? n : n.run(c);
    }

    /** The instruction is done and has set EIP outside the block's way on: the block is left after it. */
    final BoundOp leave(Cpu c) {
        c.retired += ordinal;
        return null;
    }

    /**
     * Marks this instruction as the one a fault from here on restarts: its EIP. The ESP a fault
     * restores is the one the op found, which it still is when the fault comes (Cpu.runDecoded
     * takes it then): the ops that move ESP move it after their last access. A handler may
     * not, and marks ESP too ({@link HandlerOp}).
     */
    final void faultPoint(Cpu c) {
        c.startEip = address;
    }
}
