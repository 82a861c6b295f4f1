package org.minixemu.cpu;

/** Jumps, calls, returns, loops, software interrupts, IRET and BOUND. */
final class ControlOps {
    static final int ALWAYS = 0, WHILE_ZERO = 1, WHILE_NOT_ZERO = 2;

    private ControlOps() {
    }

    static void jccJb(Cpu c, int cc) {
        int displacement = c.fetch8s();
        if (Conditions.test(c, cc)) {
            c.jumpTo(c.eip + displacement);
        }
    }

    static void jccJz(Cpu c, int cc) {
        int displacement = c.fetchImmV();
        if (Conditions.test(c, cc)) {
            c.jumpTo(c.eip + displacement);
        }
    }

    static void jmpJb(Cpu c) {
        int displacement = c.fetch8s();
        c.jumpTo(c.eip + displacement);
    }

    static void jmpJz(Cpu c) {
        int displacement = c.fetchImmV();
        c.jumpTo(c.eip + displacement);
    }

    static void jmpEv(Cpu c) {
        c.jumpTo(c.readEv());
    }

    static void callJz(Cpu c) {
        int displacement = c.fetchImmV();
        c.pushV(c.eip);
        c.jumpTo(c.eip + displacement);
    }

    static void callEv(Cpu c) {
        int target = c.readEv();
        c.pushV(c.eip);
        c.jumpTo(target);
    }

    static void retNear(Cpu c) {
        c.jumpTo(c.popV());
    }

    static void retNearIw(Cpu c) {
        int release = c.fetch16();
        c.jumpTo(c.popV());
        c.adjustStackPointer(release);
    }

    static void jmpFarAp(Cpu c) {
        int offset = c.fetchImmV();
        int selector = c.fetch16();
        jmpFar(c, selector, offset);
    }

    private static void jmpFar(Cpu c, int selector, int offset) {
        if (c.protectedMode() && !c.v86()) {
            FarTransfers.jmp(c, selector, offset);
        } else {
            c.loadCodeSegment(selector, c.opSize32 ? offset : offset & 0xFFFF);
        }
    }

    static void callFarAp(Cpu c) {
        int offset = c.fetchImmV();
        int selector = c.fetch16();
        callFar(c, selector, offset);
    }

    static void jmpFarMp(Cpu c) {
        c.requireMemoryOperand();
        int size = c.sizeV();
        int offset = c.readMemoryOperand(0, size);
        int selector = c.readMemoryOperand(size, 2);
        jmpFar(c, selector, offset);
    }

    static void callFarMp(Cpu c) {
        c.requireMemoryOperand();
        int size = c.sizeV();
        int offset = c.readMemoryOperand(0, size);
        int selector = c.readMemoryOperand(size, 2);
        callFar(c, selector, offset);
    }

    private static void callFar(Cpu c, int selector, int offset) {
        if (c.protectedMode() && !c.v86()) {
            FarTransfers.call(c, selector, offset);
            return;
        }
        // Push both before changing anything, so a stack fault leaves CS:EIP as they were.
        c.pushV(c.segSel[Cpu.CS]);
        c.pushV(c.eip);
        c.loadCodeSegment(selector, c.opSize32 ? offset : offset & 0xFFFF);
    }

    /** RETF: the selector slot is operand-size wide; only its low word is used. */
    static void retFar(Cpu c) {
        retFar(c, 0);
    }

    static void retFarIw(Cpu c) {
        retFar(c, c.fetch16());
    }

    private static void retFar(Cpu c, int release) {
        if (c.protectedMode() && !c.v86()) {
            FarTransfers.ret(c, release);
            return;
        }
        int size = c.sizeV();
        int offset = c.peekStack(0, size);
        int selector = c.peekStack(size, 2);
        c.loadCodeSegment(selector, size == 2 ? offset & 0xFFFF : offset);
        c.adjustStackPointer(2 * size + release);
    }

    /**
     * IRET. Real mode: IP, CS and FLAGS (or their 32-bit forms) come off the stack. Virtual-8086
     * mode: the same when IOPL is 3, #GP(0) otherwise. Protected mode: {@link FarTransfers#iret}.
     */
    static void iret(Cpu c) {
        if (c.protectedMode() && !c.v86()) {
            FarTransfers.iret(c);
            return;
        }
        if (c.v86() && c.iopl() < 3) {
            c.raise(Cpu.GP, 0);
        }
        int size = c.sizeV();
        int offset = c.peekStack(0, size);
        int selector = c.peekStack(size, 2);
        int flags = c.peekStack(2 * size, size);
        c.loadCodeSegment(selector, size == 2 ? offset & 0xFFFF : offset);
        c.adjustStackPointer(3 * size);
        FlagOps.loadFromStack(c, flags);
    }

    /** INT n: IOPL-sensitive in virtual-8086 mode; the gate's DPL is checked against CPL. */
    static void intIb(Cpu c) {
        int vector = c.fetch8();
        if (c.hostClaims(vector)) {
            c.hostTrap(vector);
            return;
        }
        if (c.v86() && c.iopl() < 3) {
            c.raise(Cpu.GP, 0);
        }
        if (c.isHostedMode() && c.cpl == 3) {
            // No guest IDT: an INT the host did not claim fails as through a DPL-0 gate.
            c.raise(Cpu.GP, vector * 8 + 2);
        }
        c.softwareInterrupt(vector, true);
    }

    static void into(Cpu c) {
        if (c.flags.of()) {
            c.softwareInterrupt(Cpu.OF, true);
        }
    }

    /**
     * INT3: a trap through the IDT with the gate's DPL checked, like INT n. A host that claimed
     * vector 3 (a debugger's breakpoints on a bare-metal guest) gets it as an exit instead.
     */
    static void int3(Cpu c) {
        if (c.hostClaims(Cpu.BP)) {
            c.requestExit(ExitKind.SOFTWARE_INTERRUPT, Cpu.BP);
            return;
        }
        c.softwareInterrupt(Cpu.BP, true);
    }

    /** INT1 (ICEBP, F1): delivered like a debug exception, without the DPL check. */
    static void int1(Cpu c) {
        c.softwareInterrupt(Cpu.DB, false);
    }

    /** LOOP, LOOPE, LOOPNE: the count register is CX or ECX by address size. */
    static void loop(Cpu c, int condition) {
        int displacement = c.fetch8s();
        int count;
        if (c.addrSize32) {
            count = --c.regs[Cpu.ECX];
        } else {
            count = (c.regs[Cpu.ECX] - 1) & 0xFFFF;
            c.setReg16(Cpu.ECX, count);
        }
        boolean go = count != 0 && switch (condition) {
            case WHILE_ZERO -> c.flags.zf();
            case WHILE_NOT_ZERO -> !c.flags.zf();
            default -> true;
        };
        if (go) {
            c.jumpTo(c.eip + displacement);
        }
    }

    static void jcxz(Cpu c) {
        int displacement = c.fetch8s();
        int count = c.addrSize32 ? c.regs[Cpu.ECX] : c.regs[Cpu.ECX] & 0xFFFF;
        if (count == 0) {
            c.jumpTo(c.eip + displacement);
        }
    }

    /** BOUND Gv,Ma: #BR (a fault) when the signed index is outside [lower, upper]. */
    static void bound(Cpu c) {
        c.requireMemoryOperand();
        int size = c.sizeV();
        int lower = c.readMemoryOperand(0, size);
        int upper = c.readMemoryOperand(size, size);
        int index = c.regV(c.reg);
        if (size == 2) {
            lower = (short) lower;
            upper = (short) upper;
            index = (short) index;
        }
        if (index < lower || index > upper) {
            c.raise(Cpu.BR, -1);
        }
    }
}
