package org.minixemu.cpu;

/**
 * One instruction of a decoded block bound to its operands: what the block interpreter (the
 * decoded mode, {@code --no-jit}) runs. Binding once, when the block is made, leaves each run
 * with the work of the instruction itself: the registers, immediates and address parts are
 * final fields, and each common form has a class of its own, so the run loop makes one virtual
 * call per instruction instead of copying the decode state into the CPU and running the
 * general handler, which reads its operands through that state. {@link OpBinder} picks the
 * class; forms without one run their handler ({@link HandlerOp}).
 *
 * <p>Before {@link #run} the loop has set {@code startEip} and {@code startEsp} (a fault
 * restores them) and EIP to the next instruction; an op that jumps sets EIP again. Each op does
 * exactly what its handler does, in the same order, faults included.
 */
abstract class BoundOp {
    /** EIP of the instruction, and of the instruction after it. */
    final int address;
    final int next;

    BoundOp(DecodedInstruction d) {
        this.address = d.address;
        this.next = d.address + d.length;
    }

    /**
     * Executes the instruction; false when the block must be left after it (a conditional jump
     * that went out of the block: a side exit).
     */
    abstract boolean run(Cpu c);
}
