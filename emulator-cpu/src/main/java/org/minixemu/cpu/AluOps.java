package org.minixemu.cpu;

/** ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG in all their operand forms. */
final class AluOps {
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

    private static final int NOT_CF = Flags.ARITH & ~Flags.CF;

    private AluOps() {
    }

    /** Computes {@code a op b} for a {@code size}-byte operand, records the flags, returns the result. */
    static int alu(Cpu c, int op, int size, int a, int b) {
        Flags f = c.flags;
        int r;
        switch (op) {
            case ADD -> {
                r = a + b;
                f.add(size, a, b, r, 0, Flags.ARITH);
            }
            case OR -> {
                r = a | b;
                f.logic(size, r);
            }
            case ADC -> {
                int carry = f.cf() ? 1 : 0;
                r = a + b + carry;
                f.add(size, a, b, r, carry, Flags.ARITH);
            }
            case SBB -> {
                int borrow = f.cf() ? 1 : 0;
                r = a - b - borrow;
                f.sub(size, a, b, r, borrow, Flags.ARITH);
            }
            case AND -> {
                r = a & b;
                f.logic(size, r);
            }
            case XOR -> {
                r = a ^ b;
                f.logic(size, r);
            }
            default -> { // SUB, CMP
                r = a - b;
                f.sub(size, a, b, r, 0, Flags.ARITH);
            }
        }
        return r;
    }

    static void ebGb(Cpu c, int op) {
        int r = alu(c, op, 1, c.readEb(), c.reg8(c.reg));
        if (op != CMP) {
            c.writeEb(r);
        }
    }

    static void evGv(Cpu c, int op) {
        int r = alu(c, op, c.sizeV(), c.readEv(), c.regV(c.reg));
        if (op != CMP) {
            c.writeEv(r);
        }
    }

    static void gbEb(Cpu c, int op) {
        int r = alu(c, op, 1, c.reg8(c.reg), c.readEb());
        if (op != CMP) {
            c.setReg8(c.reg, r);
        }
    }

    static void gvEv(Cpu c, int op) {
        int r = alu(c, op, c.sizeV(), c.regV(c.reg), c.readEv());
        if (op != CMP) {
            c.setRegV(c.reg, r);
        }
    }

    static void alIb(Cpu c, int op) {
        int r = alu(c, op, 1, c.reg8(Cpu.EAX), c.fetch8());
        if (op != CMP) {
            c.setReg8(Cpu.EAX, r);
        }
    }

    static void eaxIz(Cpu c, int op) {
        int r = alu(c, op, c.sizeV(), c.regV(Cpu.EAX), c.fetchImmV());
        if (op != CMP) {
            c.setRegV(Cpu.EAX, r);
        }
    }

    static void ebIb(Cpu c, int op) {
        int a = c.readEb();
        int r = alu(c, op, 1, a, c.fetch8());
        if (op != CMP) {
            c.writeEb(r);
        }
    }

    static void evIz(Cpu c, int op) {
        int a = c.readEv();
        int r = alu(c, op, c.sizeV(), a, c.fetchImmV());
        if (op != CMP) {
            c.writeEv(r);
        }
    }

    /** Group 1 with a sign-extended byte immediate (opcode 83). */
    static void evIb(Cpu c, int op) {
        int a = c.readEv();
        int r = alu(c, op, c.sizeV(), a, c.fetch8s());
        if (op != CMP) {
            c.writeEv(r);
        }
    }

    static void testEbGb(Cpu c) {
        c.flags.logic(1, c.readEb() & c.reg8(c.reg));
    }

    static void testEvGv(Cpu c) {
        c.flags.logic(c.sizeV(), c.readEv() & c.regV(c.reg));
    }

    static void testAlIb(Cpu c) {
        c.flags.logic(1, c.reg8(Cpu.EAX) & c.fetch8());
    }

    static void testEaxIz(Cpu c) {
        c.flags.logic(c.sizeV(), c.regV(Cpu.EAX) & c.fetchImmV());
    }

    static void testEbIb(Cpu c) {
        int a = c.readEb();
        c.flags.logic(1, a & c.fetch8());
    }

    static void testEvIz(Cpu c) {
        int a = c.readEv();
        c.flags.logic(c.sizeV(), a & c.fetchImmV());
    }

    private static int inc(Cpu c, int size, int a) {
        int r = a + 1;
        c.flags.add(size, a, 1, r, 0, NOT_CF);
        return r;
    }

    private static int dec(Cpu c, int size, int a) {
        int r = a - 1;
        c.flags.sub(size, a, 1, r, 0, NOT_CF);
        return r;
    }

    static void incReg(Cpu c, int n) {
        c.setRegV(n, inc(c, c.sizeV(), c.regV(n)));
    }

    static void decReg(Cpu c, int n) {
        c.setRegV(n, dec(c, c.sizeV(), c.regV(n)));
    }

    static void incEb(Cpu c) {
        c.writeEb(inc(c, 1, c.readEb()));
    }

    static void decEb(Cpu c) {
        c.writeEb(dec(c, 1, c.readEb()));
    }

    static void incEv(Cpu c) {
        c.writeEv(inc(c, c.sizeV(), c.readEv()));
    }

    static void decEv(Cpu c) {
        c.writeEv(dec(c, c.sizeV(), c.readEv()));
    }

    static void negEb(Cpu c) {
        int a = c.readEb();
        int r = -a;
        c.flags.sub(1, 0, a, r, 0, Flags.ARITH);
        c.writeEb(r);
    }

    static void negEv(Cpu c) {
        int a = c.readEv();
        int r = -a;
        c.flags.sub(c.sizeV(), 0, a, r, 0, Flags.ARITH);
        c.writeEv(r);
    }
}
