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

    /**
     * POP Sreg. The pop is one stack access made with the stack in effect when it started: the new
     * stack pointer is computed before the load, so POP SS from a 16-bit stack moves only SP (and
     * wraps at 64 KiB) even when the SS it loads is a 32-bit segment, and the other way round.
     */
    static void popSegment(Cpu c, int seg) {
        boolean big = c.stack32;
        int selector = c.peekStack(0, 2);
        int sp = c.stackOffset(c.sizeV());
        c.loadSegment(seg, selector);
        c.setStackPointer(big, sp);
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

    /**
     * ENTER Iw,Ib: builds a stack frame with {@code level} (mod 32) display pointers, as the i386
     * manual's pseudo-code does. The frame pointer is the whole ESP register after BP/EBP was
     * pushed (a 32-bit push of it from a 16-bit stack keeps ESP's upper half); EBP receives it
     * only when both the operand size and the stack are 32-bit, otherwise only BP changes. The
     * display pointers are read at eBP - size*i, wrapped like the stack. Last, the new top of
     * stack is checked for a write without writing it (a user ENTER whose allocation reaches a
     * supervisor page faults there), and only then are EBP and ESP changed, so a fault leaves
     * every register as it was.
     */
    static void enter(Cpu c) {
        int allocation = c.fetch16();
        int level = c.fetch8() & 31;
        int size = c.sizeV();
        boolean big = c.stack32;
        c.pushV(c.regV(Cpu.EBP));
        int frame = c.regs[Cpu.ESP];
        if (level > 0) {
            int bp = c.regs[Cpu.EBP];
            for (int i = 1; i < level; i++) {
                bp -= size;
                c.pushV(c.read(Cpu.SS, big ? bp : bp & 0xFFFF, size));
            }
            c.pushV(frame);
        }
        int top = c.stackOffset(-allocation);
        c.checkWritable(Cpu.SS, top, size);
        if (big && size == 4) {
            c.regs[Cpu.EBP] = frame;
        } else {
            c.setReg16(Cpu.EBP, frame);
        }
        c.setStackPointer(top);
    }

    static void leave(Cpu c) {
        c.setStackPointer(c.stack32 ? c.regs[Cpu.EBP] : c.regs[Cpu.EBP] & 0xFFFF);
        c.setRegV(Cpu.EBP, c.popV());
    }
}
