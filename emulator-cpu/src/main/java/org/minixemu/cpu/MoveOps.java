package org.minixemu.cpu;

/** Data movement: MOV forms with segments and offsets, XCHG, LEA, far-pointer loads, conversions. */
final class MoveOps {
    private MoveOps() {
    }

    static void xchgEbGb(Cpu c) {
        int a = c.readEb();
        c.writeEb(c.reg8(c.reg));
        c.setReg8(c.reg, a);
    }

    static void xchgEvGv(Cpu c) {
        int a = c.readEv();
        c.writeEv(c.regV(c.reg));
        c.setRegV(c.reg, a);
    }

    static void xchgAccumulator(Cpu c, int n) {
        int a = c.regV(Cpu.EAX);
        c.setRegV(Cpu.EAX, c.regV(n));
        c.setRegV(n, a);
    }

    /** MOV Ev,Sw: a register destination of 32 bits gets the selector zero-extended. */
    static void movEvSw(Cpu c) {
        if (c.reg > Cpu.GS) {
            c.raise(Cpu.UD, -1);
        }
        int selector = c.segSel[c.reg];
        if (c.rmIsRegister()) {
            c.setRegV(c.rm, selector);
        } else {
            c.writeEw(selector);
        }
    }

    /** MOV Sw,Ew: CS cannot be loaded this way. */
    static void movSwEw(Cpu c) {
        if (c.reg > Cpu.GS || c.reg == Cpu.CS) {
            c.raise(Cpu.UD, -1);
        }
        c.loadSegment(c.reg, c.readEw());
    }

    static void lea(Cpu c) {
        c.requireMemoryOperand();
        c.setRegV(c.reg, c.effectiveOffset());
    }

    /** LDS, LES, LSS, LFS, LGS: offset first, then the selector above it. */
    static void loadFarPointer(Cpu c, int seg) {
        c.requireMemoryOperand();
        int size = c.sizeV();
        int offset = c.readMemoryOperand(0, size);
        int selector = c.readMemoryOperand(size, 2);
        c.loadSegment(seg, selector);
        c.setRegV(c.reg, offset);
    }

    /** The moffs operand of A0-A3: an address-size offset in the data segment (or override). */
    private static int moffs(Cpu c) {
        return c.addrSize32 ? c.fetch32() : c.fetch16();
    }

    private static int dataSegment(Cpu c) {
        return c.segOverride >= 0 ? c.segOverride : Cpu.DS;
    }

    static void movAlOb(Cpu c) {
        c.setReg8(Cpu.EAX, c.read8(dataSegment(c), moffs(c)));
    }

    static void movEaxOv(Cpu c) {
        c.setRegV(Cpu.EAX, c.read(dataSegment(c), moffs(c), c.sizeV()));
    }

    static void movObAl(Cpu c) {
        c.write8(dataSegment(c), moffs(c), c.reg8(Cpu.EAX));
    }

    static void movOvEax(Cpu c) {
        c.write(dataSegment(c), moffs(c), c.sizeV(), c.regs[Cpu.EAX]);
    }

    static void cbw(Cpu c) {
        if (c.opSize32) {
            c.regs[Cpu.EAX] = (short) c.regs[Cpu.EAX];
        } else {
            c.setReg16(Cpu.EAX, (byte) c.regs[Cpu.EAX]);
        }
    }

    static void cwd(Cpu c) {
        if (c.opSize32) {
            c.regs[Cpu.EDX] = c.regs[Cpu.EAX] >> 31;
        } else {
            c.setReg16(Cpu.EDX, ((short) c.regs[Cpu.EAX]) >> 15);
        }
    }

    /** XLAT: AL = [seg:(E)BX + AL], DS unless overridden. */
    static void xlat(Cpu c) {
        int offset = c.regs[Cpu.EBX] + c.reg8(Cpu.EAX);
        if (!c.addrSize32) {
            offset &= 0xFFFF;
        }
        c.setReg8(Cpu.EAX, c.read8(dataSegment(c), offset));
    }

    /** CMOVcc reads its source even when the condition is false, so a bad address still faults. */
    static void cmov(Cpu c, int cc) {
        int value = c.readEv();
        if (Conditions.test(c, cc)) {
            c.setRegV(c.reg, value);
        }
    }

    /** BSWAP with a 16-bit operand is undefined; like the processors we model it clears the word. */
    static void bswap(Cpu c, int n) {
        if (c.opSize32) {
            c.regs[n] = Integer.reverseBytes(c.regs[n]);
        } else {
            c.setReg16(n, 0);
        }
    }
}
