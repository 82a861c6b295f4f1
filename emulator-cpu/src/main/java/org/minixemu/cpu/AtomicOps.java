package org.minixemu.cpu;

/**
 * The 486 and Pentium read-modify-write additions: CMPXCHG, XADD, CMPXCHG8B. With one processor
 * there is nothing to lock against, so LOCK only needs its #UD checks (in {@link Cpu}).
 */
final class AtomicOps {
    private AtomicOps() {
    }

    /** CMPXCHG Eb,Gb: the destination is written either way, as the 486 does on its bus. */
    static void cmpxchgEbGb(Cpu c) {
        int dest = c.readEb();
        int acc = c.reg8(Cpu.EAX);
        AluOps.alu(c, AluOps.CMP, 1, acc, dest);
        if (acc == dest) {
            c.writeEb(c.reg8(c.reg));
        } else {
            c.writeEb(dest);
            c.setReg8(Cpu.EAX, dest);
        }
    }

    static void cmpxchgEvGv(Cpu c) {
        int dest = c.readEv();
        int acc = c.regV(Cpu.EAX);
        AluOps.alu(c, AluOps.CMP, c.sizeV(), acc, dest);
        if (acc == dest) {
            c.writeEv(c.regV(c.reg));
        } else {
            c.writeEv(dest);
            c.setRegV(Cpu.EAX, dest);
        }
    }

    /** XADD: when both operands are one register, the sum wins. */
    static void xaddEbGb(Cpu c) {
        int dest = c.readEb();
        int sum = AluOps.alu(c, AluOps.ADD, 1, dest, c.reg8(c.reg));
        if (c.rmIsRegister()) {
            c.setReg8(c.reg, dest);
            c.writeEb(sum);
        } else {
            c.writeEb(sum);
            c.setReg8(c.reg, dest);
        }
    }

    static void xaddEvGv(Cpu c) {
        int dest = c.readEv();
        int sum = AluOps.alu(c, AluOps.ADD, c.sizeV(), dest, c.regV(c.reg));
        if (c.rmIsRegister()) {
            c.setRegV(c.reg, dest);
            c.writeEv(sum);
        } else {
            c.writeEv(sum);
            c.setRegV(c.reg, dest);
        }
    }

    /** CMPXCHG8B Mq: compares EDX:EAX with the quadword; only ZF changes. */
    static void cmpxchg8b(Cpu c) {
        c.requireMemoryOperand();
        int low = c.readMemoryOperand(0, 4);
        int high = c.readMemoryOperand(4, 4);
        boolean equal = low == c.regs[Cpu.EAX] && high == c.regs[Cpu.EDX];
        int offsetHigh = c.addrSize32 ? c.eaOffset + 4 : (c.eaOffset + 4) & 0xFFFF;
        if (equal) {
            c.write32(c.eaSeg, c.eaOffset, c.regs[Cpu.EBX]);
            c.write32(c.eaSeg, offsetHigh, c.regs[Cpu.ECX]);
        } else {
            c.write32(c.eaSeg, c.eaOffset, low);
            c.write32(c.eaSeg, offsetHigh, high);
            c.regs[Cpu.EAX] = low;
            c.regs[Cpu.EDX] = high;
        }
        c.flags.set(Flags.ZF, equal);
    }
}
