package org.minixemu.cpu;

/** PUSH and POP in every form, PUSHA/POPA, ENTER and LEAVE. */
final class StackOps {
    private StackOps() {
    }

    static void pushReg(Cpu c, int n) {
        // PUSH SP pushes the value SP had before the push (286 and later).
        c.pushV(c.regV(n));
    }

    static void popReg(Cpu c, int n) {
        c.setRegV(n, c.popV());
    }

    static void pushIz(Cpu c) {
        c.pushV(c.fetchImmV());
    }

    static void pushIb(Cpu c) {
        c.pushV(c.fetch8s());
    }

    static void pushEv(Cpu c) {
        c.pushV(c.readEv());
    }

    /** POP Ev: with ESP as a base the address is computed after ESP has been incremented. */
    static void popEv(Cpu c) {
        int value = c.popV();
        if (c.eaBaseIsEsp && !c.rmIsRegister()) {
            c.eaOffset += c.sizeV();
        }
        c.writeEv(value);
    }

    /**
     * PUSH Sreg. With a 32-bit operand size the manual allows either a zero-extended push or a
     * 16-bit store; we push the zero-extended selector, as QEMU does, so the two compare equal.
     */
    static void pushSegment(Cpu c, int seg) {
        c.pushV(c.segSel[seg]);
    }

    static void popSegment(Cpu c, int seg) {
        int selector = c.peekStack(0, 2);
        c.loadSegment(seg, selector);
        c.adjustStackPointer(c.sizeV());
    }

    static void pusha(Cpu c) {
        int sp = c.regV(Cpu.ESP);
        for (int n = Cpu.EAX; n <= Cpu.EDI; n++) {
            c.pushV(n == Cpu.ESP ? sp : c.regV(n));
        }
    }

    static void popa(Cpu c) {
        for (int n = Cpu.EDI; n >= Cpu.EAX; n--) {
            int value = c.popV();
            if (n != Cpu.ESP) {
                c.setRegV(n, value);
            }
        }
    }

    /** ENTER Iw,Ib: builds a stack frame with {@code level} (mod 32) display pointers. */
    static void enter(Cpu c) {
        int allocation = c.fetch16();
        int level = c.fetch8() & 31;
        int size = c.sizeV();
        c.pushV(c.regV(Cpu.EBP));
        int frame = c.stackPointer();
        if (level > 0) {
            int bp = c.regs[Cpu.EBP];
            for (int i = 1; i < level; i++) {
                bp = c.stack32 ? bp - size : (bp - size) & 0xFFFF;
                c.pushV(c.read(Cpu.SS, bp, size));
            }
            c.pushV(frame);
        }
        c.setRegV(Cpu.EBP, frame);
        c.adjustStackPointer(-allocation);
    }

    static void leave(Cpu c) {
        c.setStackPointer(c.stack32 ? c.regs[Cpu.EBP] : c.regs[Cpu.EBP] & 0xFFFF);
        c.setRegV(Cpu.EBP, c.popV());
    }
}
