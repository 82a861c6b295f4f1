package org.minixemu.cpu;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The bytecode of one compiled block's {@code run(Cpu)} method while it is being written, and
 * the bookkeeping that keeps the CPU exact between instructions: the retired count (added up
 * and stored before anything that can fault, exit or look at it), {@code startEip} and
 * {@code startEsp} before anything that can fault, and the decode fields already stored.
 */
final class BlockEmitter {
    static final String CPU = Type.getInternalName(Cpu.class);
    static final String SUPPORT = Type.getInternalName(JitSupport.class);
    /** Locals of run(Cpu): this, the CPU, the CPU's register array, the count a fault adds. */
    static final int CPU_VAR = 1;
    static final int REGS_VAR = 2;
    static final int DONE_VAR = 3;
    private static final int THROWN_VAR = 4;
    private static final String FAULT = Type.getInternalName(Fault.class);
    /**
     * Locals of the deferred flag record (see {@link #deferFlags32}): the {@link Flags} kind, or
     * -1 when nothing is deferred, then the two operands and the result. (5 to 7 are the
     * InlineEmitter's.)
     */
    private static final int FLAG_KIND_VAR = 8, FLAG_A_VAR = 9, FLAG_B_VAR = 10, FLAG_RES_VAR = 11;
    /** Local: passes a loop may still make before the method returns (see {@link #LOOP_PASSES}). */
    private static final int PASSES_VAR = 12;
    /**
     * Passes a block that loops to its own start makes in one call before it returns to the run
     * loop, which calls it again at once (its successor is itself). A loop that ran for ever in
     * one call was only compiled by HotSpot on-stack after tens of thousands of passes in the
     * JVM's interpreter, and then as OSR code, which ran slower than the method compiled
     * whole: with 32 passes a call, speedmix's steady rounds were about 8% faster and a whole
     * run about 5% (docs/benchmarks.md); the extra return costs one block dispatch in 32 passes.
     */
    static final int LOOP_PASSES = 32;
    /** What this point of the code knows of the deferred record: none, one, or ask FLAG_KIND. */
    private static final int NOTHING_DEFERRED = 0, DEFERRED = 1, MAYBE_DEFERRED = 2;
    private int deferredFlags = NOTHING_DEFERRED;
    private static final int UNKNOWN = Integer.MIN_VALUE;

    final MethodVisitor mv;
    /** Instructions completed since the retired count was last stored. */
    private int pending;
    // Decode fields already stored by this block (null: not known), so equal values are not stored again.
    private Boolean opSize32;
    private Boolean addrSize32;
    private Integer segOverride;
    private Integer repPrefix;
    private Boolean lockPrefix;

    /** EIP of the block's first instruction, its instruction count, and the label of its start. */
    private final int blockStart;
    private final int blockCount;
    private final Label top = new Label();
    private final Label tryStart = new Label();
    /** The value the DONE local holds at this point of the code, or UNKNOWN. */
    private int done = UNKNOWN;

    BlockEmitter(MethodVisitor mv, int blockStart, int blockCount) {
        this.mv = mv;
        this.blockStart = blockStart;
        this.blockCount = blockCount;
    }

    /** Loads the register array into its local; the first thing run(Cpu) does. */
    void begin() {
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "regs", "[I");
        mv.visitVarInsn(ASTORE, REGS_VAR);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, DONE_VAR);
        mv.visitInsn(ICONST_M1);
        mv.visitVarInsn(ISTORE, FLAG_KIND_VAR);
        for (int local : new int[] {FLAG_A_VAR, FLAG_B_VAR, FLAG_RES_VAR}) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, local);
        }
        pushInt(LOOP_PASSES);
        mv.visitVarInsn(ISTORE, PASSES_VAR);
        mv.visitLabel(tryStart);
        mv.visitLabel(top);
        deferredFlags = MAYBE_DEFERRED; // a loop comes back here with its last record deferred
        startEspCurrent = false;
        done = UNKNOWN; // a loop comes back here with any value
    }

    /**
     * The control transfer being emitted goes to {@code target}. A jump back to the block's own
     * start (a loop) runs the block again without returning, as long as nothing asked it to stop,
     * the budget holds another pass and this call has made fewer than {@link #LOOP_PASSES}; the
     * jump itself is counted here.
     */
    void jumpTo(int target) {
        if (target != blockStart) {
            setInt("eip", target);
            return;
        }
        countJumpAndGoTo(target);
        Label leave = new Label();
        mv.visitIincInsn(PASSES_VAR, -1);
        mv.visitVarInsn(ILOAD, PASSES_VAR);
        mv.visitJumpInsn(IFLE, leave);
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "blockExit", "Z");
        mv.visitJumpInsn(IFNE, leave);
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "stopAt", "J");
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "retired", "J");
        mv.visitInsn(LSUB);
        mv.visitLdcInsn((long) blockCount);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, top);
        mv.visitLabel(leave);
        flushFlagsOnExit();
        mv.visitInsn(RETURN);
    }

    /**
     * A conditional jump in mid-block ({@link DecodedInstruction#sideExit}) was taken to
     * {@code target}: the block loops (see {@link #jumpTo}) or returns, with the jump counted and
     * EIP at the target. The code after this point is the fall-through, with the count as it was.
     */
    void sideExit(int target) {
        if (target == blockStart) {
            jumpTo(target); // it returns itself when it may not loop
            return;
        }
        countJumpAndGoTo(target);
        flushFlagsOnExit();
        mv.visitInsn(RETURN);
    }

    /**
     * On a path that leaves or loops: stores the retired count with the jump being emitted
     * counted, and EIP at {@code target}. The code after the path still has the jump uncounted.
     */
    private void countJumpAndGoTo(int target) {
        int saved = pending;
        pending++;
        flushRetired();
        pending = saved;
        setInt("eip", target);
    }

    /**
     * True while {@code startEsp} holds ESP as it is now: stored at a fault point, and nothing
     * since has written ESP (a store to it, a push or pop, a handler). Then the next fault point
     * need not store it again.
     */
    private boolean startEspCurrent;

    /**
     * The inline instruction {@code d} may fault: the CPU must look as if it were about to run
     * it. The retired count is not stored here; the DONE local says how many instructions since
     * the last store have completed, and the method's exception handler adds them when a fault
     * passes through.
     */
    void faultPoint(DecodedInstruction d) {
        setDone(pending);
        markStart(d);
    }

    /**
     * A handler is about to run {@code d}: it may fault, ask for an exit (which reads the
     * retired count) or read any state, so the count is stored first.
     */
    void handlerPoint(DecodedInstruction d) {
        flushFlags();
        flushRetired();
        setDone(0);
        markStart(d);
    }

    private void setDone(int value) {
        if (done != value) {
            pushInt(value);
            mv.visitVarInsn(ISTORE, DONE_VAR);
            done = value;
        }
    }

    private void markStart(DecodedInstruction d) {
        setInt("startEip", d.address);
        if (!startEspCurrent) {
            mv.visitVarInsn(ALOAD, CPU_VAR);
            loadReg(Cpu.ESP);
            mv.visitFieldInsn(PUTFIELD, CPU, "startEsp", "I");
            startEspCurrent = true;
        }
    }

    /** ESP may have changed: the next fault point stores it. */
    void espChanged() {
        startEspCurrent = false;
    }

    /** One more instruction completed. */
    void retired() {
        pending++;
    }

    /** Stores the retired count. */
    void flushRetired() {
        if (pending == 0) {
            return;
        }
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CPU, "retired", "J");
        if (pending == 1) {
            mv.visitInsn(LCONST_1);
        } else {
            mv.visitLdcInsn((long) pending);
        }
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, CPU, "retired", "J");
        pending = 0;
    }

    /**
     * Returns from the block if something asked it to stop (an exit, an interrupt line, a code
     * write), with EIP set to {@code nextEip} when {@code setEip} (a handler leaves EIP right itself).
     */
    void stopIfAsked(boolean setEip, int nextEip) {
        Label go = new Label();
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "blockExit", "Z");
        mv.visitJumpInsn(IFEQ, go);
        int saved = pending;
        flushRetired();
        if (setEip) {
            setInt("eip", nextEip);
        }
        flushFlagsOnExit();
        mv.visitInsn(RETURN);
        pending = saved;
        mv.visitLabel(go);
    }

    /** Ends the method, with the handler that counts the instructions before a fault. */
    void end() {
        flushRetired();
        flushFlags();
        mv.visitInsn(RETURN);
        Label handler = new Label();
        mv.visitLabel(handler);
        mv.visitTryCatchBlock(tryStart, handler, handler, FAULT);
        mv.visitVarInsn(ASTORE, THROWN_VAR);
        // The fault leaves EFLAGS as the instructions before it left them.
        deferredFlags = MAYBE_DEFERRED;
        flushFlags();
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CPU, "retired", "J");
        mv.visitVarInsn(ILOAD, DONE_VAR);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, CPU, "retired", "J");
        mv.visitVarInsn(ALOAD, THROWN_VAR);
        mv.visitInsn(ATHROW);
    }

    // Deferred flags: a 32-bit ADD, SUB, CMP, AND, OR, XOR or TEST records the flags in locals
    // instead of the CPU's Flags (six stores per instruction); the record is stored when
    // something may read EFLAGS -- a handler, a JitSupport operation, the end of the block, a
    // fault passing through -- so a loop that overwrites its flags every pass stores them once.

    /**
     * Stack: a, b on top. Computes a op b ({@code opcode} IADD, ISUB, IAND, IOR or IXOR), defers
     * the flag record of it, and leaves the result (or nothing, when {@code keepResult} is false:
     * CMP).
     */
    void deferFlags32(int opcode, boolean keepResult) {
        mv.visitVarInsn(ISTORE, FLAG_B_VAR);
        mv.visitVarInsn(ISTORE, FLAG_A_VAR);
        mv.visitVarInsn(ILOAD, FLAG_A_VAR);
        mv.visitVarInsn(ILOAD, FLAG_B_VAR);
        mv.visitInsn(opcode);
        mv.visitVarInsn(ISTORE, FLAG_RES_VAR);
        boolean arithmetic = opcode == IADD || opcode == ISUB;
        if (!arithmetic) { // a logical result r is recorded as r + 0 (Flags.logic32)
            mv.visitVarInsn(ILOAD, FLAG_RES_VAR);
            mv.visitVarInsn(ISTORE, FLAG_A_VAR);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, FLAG_B_VAR);
        }
        pushInt(opcode == ISUB ? Flags.KIND_SUB : Flags.KIND_ADD);
        mv.visitVarInsn(ISTORE, FLAG_KIND_VAR);
        deferredFlags = DEFERRED;
        if (keepResult) {
            mv.visitVarInsn(ILOAD, FLAG_RES_VAR);
        }
    }

    /** Stores the deferred flag record in the CPU's Flags, if there is one; then there is none. */
    void flushFlags() {
        if (deferredFlags == NOTHING_DEFERRED) {
            return;
        }
        Label skip = new Label();
        if (deferredFlags == MAYBE_DEFERRED) {
            mv.visitVarInsn(ILOAD, FLAG_KIND_VAR);
            mv.visitJumpInsn(IFLT, skip);
        }
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitVarInsn(ILOAD, FLAG_KIND_VAR);
        mv.visitVarInsn(ILOAD, FLAG_A_VAR);
        mv.visitVarInsn(ILOAD, FLAG_B_VAR);
        mv.visitVarInsn(ILOAD, FLAG_RES_VAR);
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "recordFlags32", "(L" + CPU + ";IIII)V", false);
        mv.visitInsn(ICONST_M1);
        mv.visitVarInsn(ISTORE, FLAG_KIND_VAR);
        mv.visitLabel(skip);
        deferredFlags = NOTHING_DEFERRED;
    }

    /** On a path that returns: stores the record; the code after the path still has it deferred. */
    private void flushFlagsOnExit() {
        int saved = deferredFlags;
        flushFlags();
        deferredFlags = saved;
    }

    /** Stores the prefix state the handlers read, where it differs from what was stored before. */
    void storePrefixes(DecodedInstruction d) {
        if (!Boolean.valueOf(d.opSize32).equals(opSize32)) {
            setBoolean("opSize32", d.opSize32);
            opSize32 = d.opSize32;
        }
        if (!Boolean.valueOf(d.addrSize32).equals(addrSize32)) {
            setBoolean("addrSize32", d.addrSize32);
            addrSize32 = d.addrSize32;
        }
        if (!Integer.valueOf(d.segOverride).equals(segOverride)) {
            setInt("segOverride", d.segOverride);
            segOverride = d.segOverride;
        }
        if (!Integer.valueOf(d.repPrefix).equals(repPrefix)) {
            setInt("repPrefix", d.repPrefix);
            repPrefix = d.repPrefix;
        }
        if (!Boolean.valueOf(d.lockPrefix).equals(lockPrefix)) {
            setBoolean("lockPrefix", d.lockPrefix);
            lockPrefix = d.lockPrefix;
        }
    }

    /** Pushes the effective offset: base + (index << scale) + displacement, 16 bits wide in 16-bit addressing. */
    void effectiveOffset(DecodedInstruction d) {
        boolean any = false;
        if (d.base >= 0) {
            loadReg(d.base);
            any = true;
        }
        if (d.index >= 0) {
            loadReg(d.index);
            if (d.scale != 0) {
                pushInt(d.scale);
                mv.visitInsn(ISHL);
            }
            if (any) {
                mv.visitInsn(IADD);
            }
            any = true;
        }
        if (!any) {
            pushInt(d.addrSize32 ? d.displacement : d.displacement & 0xFFFF);
            return;
        }
        if (d.displacement != 0) {
            pushInt(d.displacement);
            mv.visitInsn(IADD);
        }
        if (!d.addrSize32) {
            pushInt(0xFFFF);
            mv.visitInsn(IAND);
        }
    }

    /** Pushes the CPU, the segment and the effective offset of {@code d}'s memory operand: the first arguments of read32/write32. */
    void pushAddress(DecodedInstruction d) {
        loadCpu();
        pushInt(d.eaSeg);
        effectiveOffset(d);
    }

    void loadCpu() {
        mv.visitVarInsn(ALOAD, CPU_VAR);
    }

    void loadReg(int r) {
        mv.visitVarInsn(ALOAD, REGS_VAR);
        pushInt(r);
        mv.visitInsn(IALOAD);
    }

    /** Pushes the register array and index; the caller pushes the value and calls {@link #storeReg}. */
    void beginStoreReg(int r) {
        if (r == Cpu.ESP) {
            startEspCurrent = false;
        }
        mv.visitVarInsn(ALOAD, REGS_VAR);
        pushInt(r);
    }

    void storeReg() {
        mv.visitInsn(IASTORE);
    }

    void setInt(String field, int value) {
        mv.visitVarInsn(ALOAD, CPU_VAR);
        pushInt(value);
        mv.visitFieldInsn(PUTFIELD, CPU, field, "I");
    }

    void setBoolean(String field, boolean value) {
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitInsn(value ? ICONST_1 : ICONST_0);
        mv.visitFieldInsn(PUTFIELD, CPU, field, "Z");
    }

    /** Calls an instance method of Cpu whose arguments are on the stack above the CPU. */
    void callCpu(String method, String descriptor) {
        if (!method.startsWith("read") && !method.startsWith("write") && !method.equals("reg8")) {
            startEspCurrent = false; // push32, pop32, setReg8 (which may be SP's byte), ...
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, method, descriptor, false);
    }

    /** Calls a static method of JitSupport; it may read or record flags, so the deferred record is stored first. */
    void callSupport(String method, String descriptor) {
        flushFlags();
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, method, descriptor, false);
    }

    void pushInt(int value) {
        pushInt(mv, value);
    }

    /** Pushes an int constant with the shortest instruction. */
    static void pushInt(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }
}
