package org.minixemu.cpu;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Turns a decoded block into a JVM class whose {@link BlockCode#run} executes it, so that HotSpot
 * compiles the guest's hot code to native code.
 *
 * <p>Each instruction becomes straight-line bytecode that does what {@link Cpu}'s step does
 * after decoding: it stores the decode state the handlers read (prefixes, ModR/M fields and the
 * effective address, computed from the live registers), points EIP at the immediates, and calls
 * the instruction's handler. The handler is a constant of the generated class, so the call is
 * monomorphic and HotSpot inlines it, with the handler's opcode-specific branches folded. What
 * is gone is the interpreter's work per instruction: fetching and decoding prefixes, opcode,
 * ModR/M, SIB and displacement, and the megamorphic dispatch.
 *
 * <p>The compiled code keeps the CPU exactly as the interpreter would between instructions:
 * {@code startEip} and {@code startEsp} are set before each one (a fault restarts it), and
 * {@code retired} counts each as it completes, so an exception, an exit requested by a device,
 * and the instruction count are all the interpreter's.
 */
final class BlockTranslator {
    private static final String CPU = Type.getInternalName(Cpu.class);
    private static final String HANDLER = Type.getInternalName(Handler.class);
    private static final String HANDLER_DESC = Type.getDescriptor(Handler.class);
    private static final String CODE = Type.getInternalName(BlockCode.class);

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    /** Compiles {@code block} (at least one instruction); the code is ready to run. */
    BlockCode compile(List<DecodedInstruction> block) {
        String name = CPU.substring(0, CPU.lastIndexOf('/') + 1) + "CompiledBlock";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", new String[] {CODE});
        Handler[] handlers = new Handler[block.size()];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = block.get(i).opcode.handler;
            cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "h" + i, HANDLER_DESC, null, null).visitEnd();
        }
        emitStaticInit(cw, name, handlers.length);
        emitConstructor(cw);
        emitRun(cw, name, block);
        cw.visitEnd();
        try {
            Class<?> c = lookup.defineHiddenClassWithClassData(cw.toByteArray(), handlers, true).lookupClass();
            return (BlockCode) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the block translator made a class the JVM refused", e);
        }
    }

    /** Copies the handlers from the class data into static finals, which HotSpot treats as constants. */
    private static void emitStaticInit(ClassWriter cw, String name, int count) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(Type.getType(Object[].class));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/Object;");
        mv.visitVarInsn(ASTORE, 0);
        for (int i = 0; i < count; i++) {
            mv.visitVarInsn(ALOAD, 0);
            pushInt(mv, i);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, HANDLER);
            mv.visitFieldInsn(PUTSTATIC, name, "h" + i, HANDLER_DESC);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void emitConstructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static final int CPU_VAR = 1;
    private static final int REGS_VAR = 2;

    private static void emitRun(ClassWriter cw, String name, List<DecodedInstruction> block) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + CPU + ";)V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitFieldInsn(GETFIELD, CPU, "regs", "[I");
        mv.visitVarInsn(ASTORE, REGS_VAR);
        DecodeState known = new DecodeState();
        for (int i = 0; i < block.size(); i++) {
            DecodedInstruction d = block.get(i);
            emitInstruction(mv, name, i, d, known);
            if (i + 1 < block.size()) {
                // A device or a code write asked the block to stop after this instruction.
                Label go = new Label();
                mv.visitVarInsn(ALOAD, CPU_VAR);
                mv.visitFieldInsn(GETFIELD, CPU, "blockExit", "Z");
                mv.visitJumpInsn(IFEQ, go);
                mv.visitInsn(RETURN);
                mv.visitLabel(go);
            }
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The decode fields the compiled code has already stored, so that equal values are not stored again. */
    private static final class DecodeState {
        Boolean opSize32;
        Boolean addrSize32;
        Integer segOverride;
        Integer repPrefix;
        Boolean lockPrefix;
    }

    private static void emitInstruction(MethodVisitor mv, String name, int i, DecodedInstruction d, DecodeState known) {
        setInt(mv, "startEip", d.address);
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitVarInsn(ALOAD, REGS_VAR);
        pushInt(mv, Cpu.ESP);
        mv.visitInsn(IALOAD);
        mv.visitFieldInsn(PUTFIELD, CPU, "startEsp", "I");
        setInt(mv, "eip", d.afterModrm);
        if (!Boolean.valueOf(d.opSize32).equals(known.opSize32)) {
            setBoolean(mv, "opSize32", d.opSize32);
            known.opSize32 = d.opSize32;
        }
        if (!Boolean.valueOf(d.addrSize32).equals(known.addrSize32)) {
            setBoolean(mv, "addrSize32", d.addrSize32);
            known.addrSize32 = d.addrSize32;
        }
        if (!Integer.valueOf(d.segOverride).equals(known.segOverride)) {
            setInt(mv, "segOverride", d.segOverride);
            known.segOverride = d.segOverride;
        }
        if (!Integer.valueOf(d.repPrefix).equals(known.repPrefix)) {
            setInt(mv, "repPrefix", d.repPrefix);
            known.repPrefix = d.repPrefix;
        }
        if (!Boolean.valueOf(d.lockPrefix).equals(known.lockPrefix)) {
            setBoolean(mv, "lockPrefix", d.lockPrefix);
            known.lockPrefix = d.lockPrefix;
        }
        if (d.hasModrm) {
            setInt(mv, "mod", d.mod);
            setInt(mv, "reg", d.reg);
            setInt(mv, "rm", d.rm);
            if (d.hasMemoryOperand()) {
                setBoolean(mv, "eaBaseIsEsp", d.eaBaseIsEsp);
                setInt(mv, "eaSeg", d.eaSeg);
                mv.visitVarInsn(ALOAD, CPU_VAR);
                emitEffectiveOffset(mv, d);
                mv.visitFieldInsn(PUTFIELD, CPU, "eaOffset", "I");
            }
        }
        mv.visitFieldInsn(GETSTATIC, name, "h" + i, HANDLER_DESC);
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitMethodInsn(INVOKEINTERFACE, HANDLER, "execute", "(L" + CPU + ";)V", true);
        // retired++
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CPU, "retired", "J");
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, CPU, "retired", "J");
    }

    /** Pushes the effective offset: base + (index << scale) + displacement, 16 bits wide in 16-bit addressing. */
    private static void emitEffectiveOffset(MethodVisitor mv, DecodedInstruction d) {
        boolean any = false;
        if (d.base >= 0) {
            loadReg(mv, d.base);
            any = true;
        }
        if (d.index >= 0) {
            loadReg(mv, d.index);
            if (d.scale != 0) {
                pushInt(mv, d.scale);
                mv.visitInsn(ISHL);
            }
            if (any) {
                mv.visitInsn(IADD);
            }
            any = true;
        }
        if (!any) {
            pushInt(mv, d.addrSize32 ? d.displacement : d.displacement & 0xFFFF);
            return;
        }
        if (d.displacement != 0) {
            pushInt(mv, d.displacement);
            mv.visitInsn(IADD);
        }
        if (!d.addrSize32) {
            pushInt(mv, 0xFFFF);
            mv.visitInsn(IAND);
        }
    }

    private static void loadReg(MethodVisitor mv, int r) {
        mv.visitVarInsn(ALOAD, REGS_VAR);
        pushInt(mv, r);
        mv.visitInsn(IALOAD);
    }

    private static void setInt(MethodVisitor mv, String field, int value) {
        mv.visitVarInsn(ALOAD, CPU_VAR);
        pushInt(mv, value);
        mv.visitFieldInsn(PUTFIELD, CPU, field, "I");
    }

    private static void setBoolean(MethodVisitor mv, String field, boolean value) {
        mv.visitVarInsn(ALOAD, CPU_VAR);
        mv.visitInsn(value ? ICONST_1 : ICONST_0);
        mv.visitFieldInsn(PUTFIELD, CPU, field, "Z");
    }

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
