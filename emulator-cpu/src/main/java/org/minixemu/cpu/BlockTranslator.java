package org.minixemu.cpu;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.objectweb.asm.ClassWriter;
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
        // A Java 5 class file: it needs no stack map frames (the JVM verifies it by type
        // inference), so ASM does not compute them. Computing frames was most of the
        // translation's cost, and its code was among the JIT's largest compilations while
        // the guest warmed up. The code uses nothing newer than Java 5 bytecode.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(V1_5, ACC_FINAL | ACC_SUPER, name, null, CODE, null);
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
            BlockEmitter.pushInt(mv, i);
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
        mv.visitMethodInsn(INVOKESPECIAL, CODE, "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void emitRun(ClassWriter cw, String name, List<DecodedInstruction> block) {
        MethodVisitor mv = cw.visitMethod(0, "run", "(L" + CPU + ";)V", null, null);
        mv.visitCode();
        BlockEmitter e = new BlockEmitter(mv, block.get(0).address, block.size());
        InlineEmitter inline = new InlineEmitter(e);
        e.begin();
        boolean[] deadFlags = InlineEmitter.deadFlags(block);
        for (int i = 0; i < block.size(); i++) {
            DecodedInstruction d = block.get(i);
            boolean last = i + 1 == block.size();
            int next = d.nextInBlock();
            int kind = inline.emit(d, deadFlags[i]);
            if (kind == InlineEmitter.NOT_INLINE) {
                emitHandlerCall(e, name, i, d);
                e.retired();
                if (!last) {
                    e.stopIfAsked(false, 0); // the handler left EIP at the next instruction
                }
                continue;
            }
            e.retired();
            boolean setsEip = InlineEmitter.setsEip(d);
            if (last && !setsEip) {
                e.setInt("eip", next);
            } else if (!last && kind == InlineEmitter.MEMORY) {
                e.stopIfAsked(true, next);
            }
        }
        e.end();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * The general form: store the decode state the handler reads, point EIP at the immediates,
     * and call the handler (a constant, so HotSpot inlines it).
     */
    private static void emitHandlerCall(BlockEmitter e, String name, int i, DecodedInstruction d) {
        e.handlerPoint(d);
        e.setInt("eip", d.afterModrm);
        e.storePrefixes(d);
        if (d.hasModrm) {
            e.setInt("mod", d.mod);
            e.setInt("reg", d.reg);
            e.setInt("rm", d.rm);
            if (d.hasMemoryOperand()) {
                e.setBoolean("eaBaseIsEsp", d.eaBaseIsEsp);
                e.setInt("eaSeg", d.eaSeg);
                e.loadCpu();
                e.effectiveOffset(d);
                e.mv.visitFieldInsn(PUTFIELD, CPU, "eaOffset", "I");
            }
        }
        e.mv.visitFieldInsn(GETSTATIC, name, "h" + i, HANDLER_DESC);
        e.loadCpu();
        e.mv.visitMethodInsn(INVOKEINTERFACE, HANDLER, "execute", "(L" + CPU + ";)V", true);
        e.espChanged();
    }
}
