package org.minixemu.cpu;

/**
 * MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV. CF and OF say whether the product
 * needed the upper half; SF, ZF and PF, which the manual leaves undefined, follow the low half
 * (docs/cpu.md lists every undefined flag).
 */
final class MulDivOps {
    private MulDivOps() {
    }

    private static void productFlags(Cpu c, int size, int low, boolean overflow) {
        c.flags.result(size, low);
        c.flags.set(Flags.CF | Flags.OF, overflow);
        c.flags.set(Flags.AF, false);
    }

    static void mulEb(Cpu c) {
        int product = c.reg8(Cpu.EAX) * c.readEb();
        c.setReg16(Cpu.EAX, product);
        productFlags(c, 1, product, (product & 0xFF00) != 0);
    }

    static void imulEb(Cpu c) {
        int product = (byte) c.reg8(Cpu.EAX) * (byte) c.readEb();
        c.setReg16(Cpu.EAX, product);
        productFlags(c, 1, product, product != (byte) product);
    }

    static void mulEv(Cpu c) {
        if (c.opSize32) {
            long product = (c.regs[Cpu.EAX] & 0xFFFFFFFFL) * (c.readEd() & 0xFFFFFFFFL);
            c.regs[Cpu.EAX] = (int) product;
            c.regs[Cpu.EDX] = (int) (product >>> 32);
            productFlags(c, 4, (int) product, (product >>> 32) != 0);
        } else {
            int product = c.reg16(Cpu.EAX) * c.readEw();
            c.setReg16(Cpu.EAX, product);
            c.setReg16(Cpu.EDX, product >>> 16);
            productFlags(c, 2, product, (product >>> 16) != 0);
        }
    }

    static void imulEv(Cpu c) {
        if (c.opSize32) {
            long product = (long) c.regs[Cpu.EAX] * c.readEd();
            c.regs[Cpu.EAX] = (int) product;
            c.regs[Cpu.EDX] = (int) (product >>> 32);
            productFlags(c, 4, (int) product, product != (int) product);
        } else {
            int product = (short) c.regs[Cpu.EAX] * (short) c.readEw();
            c.setReg16(Cpu.EAX, product);
            c.setReg16(Cpu.EDX, product >>> 16);
            productFlags(c, 2, product, product != (short) product);
        }
    }

    /** The truncating forms: Gv = a * b, flags say whether the product lost significant bits. */
    private static void imulTruncating(Cpu c, int a, int b) {
        if (c.opSize32) {
            long product = (long) a * b;
            c.regs[c.reg] = (int) product;
            productFlags(c, 4, (int) product, product != (int) product);
        } else {
            int product = (short) a * (short) b;
            c.setReg16(c.reg, product);
            productFlags(c, 2, product, product != (short) product);
        }
    }

    static void imulGvEv(Cpu c) {
        imulTruncating(c, c.regV(c.reg), c.readEv());
    }

    static void imulGvEvIz(Cpu c) {
        int a = c.readEv();
        imulTruncating(c, a, c.fetchImmV());
    }

    static void imulGvEvIb(Cpu c) {
        int a = c.readEv();
        imulTruncating(c, a, c.fetch8s());
    }

    static void divEb(Cpu c) {
        int divisor = c.readEb();
        if (divisor == 0) {
            c.raise(Cpu.DE, -1);
        }
        int dividend = c.reg16(Cpu.EAX);
        int quotient = dividend / divisor;
        if (quotient > 0xFF) {
            c.raise(Cpu.DE, -1);
        }
        c.setReg16(Cpu.EAX, (dividend % divisor) << 8 | quotient);
    }

    static void idivEb(Cpu c) {
        int divisor = (byte) c.readEb();
        if (divisor == 0) {
            c.raise(Cpu.DE, -1);
        }
        int dividend = (short) c.reg16(Cpu.EAX);
        int quotient = dividend / divisor;
        if (quotient != (byte) quotient) {
            c.raise(Cpu.DE, -1);
        }
        c.setReg16(Cpu.EAX, ((dividend % divisor) & 0xFF) << 8 | (quotient & 0xFF));
    }

    static void divEv(Cpu c) {
        if (c.opSize32) {
            div32(c, c.readEd());
        } else {
            int divisor = c.readEw();
            if (divisor == 0) {
                c.raise(Cpu.DE, -1);
            }
            int dividend = c.reg16(Cpu.EDX) << 16 | c.reg16(Cpu.EAX);
            long quotient = Integer.divideUnsigned(dividend, divisor) & 0xFFFFFFFFL;
            if (quotient > 0xFFFF) {
                c.raise(Cpu.DE, -1);
            }
            c.setReg16(Cpu.EAX, (int) quotient);
            c.setReg16(Cpu.EDX, Integer.remainderUnsigned(dividend, divisor));
        }
    }

    /**
     * DIV of EDX:EAX by a 32-bit divisor, unsigned: #DE for a zero divisor or a quotient past 32
     * bits; the flags stay. Translated code calls it too.
     */
    static void div32(Cpu c, int divisor) {
        long d = divisor & 0xFFFFFFFFL;
        if (d == 0) {
            c.raise(Cpu.DE, -1);
        }
        long dividend = (c.regs[Cpu.EDX] & 0xFFFFFFFFL) << 32 | (c.regs[Cpu.EAX] & 0xFFFFFFFFL);
        long quotient = Long.divideUnsigned(dividend, d);
        if ((quotient >>> 32) != 0) {
            c.raise(Cpu.DE, -1);
        }
        c.regs[Cpu.EAX] = (int) quotient;
        c.regs[Cpu.EDX] = (int) Long.remainderUnsigned(dividend, d);
    }

    static void idivEv(Cpu c) {
        if (c.opSize32) {
            long divisor = c.readEd();
            if (divisor == 0) {
                c.raise(Cpu.DE, -1);
            }
            long dividend = (long) c.regs[Cpu.EDX] << 32 | (c.regs[Cpu.EAX] & 0xFFFFFFFFL);
            // MIN_VALUE / -1 overflows a long too; it is out of range either way.
            if (dividend == Long.MIN_VALUE && divisor == -1) {
                c.raise(Cpu.DE, -1);
            }
            long quotient = dividend / divisor;
            if (quotient != (int) quotient) {
                c.raise(Cpu.DE, -1);
            }
            c.regs[Cpu.EAX] = (int) quotient;
            c.regs[Cpu.EDX] = (int) (dividend % divisor);
        } else {
            int divisor = (short) c.readEw();
            if (divisor == 0) {
                c.raise(Cpu.DE, -1);
            }
            int dividend = c.reg16(Cpu.EDX) << 16 | c.reg16(Cpu.EAX);
            if (dividend == Integer.MIN_VALUE && divisor == -1) {
                c.raise(Cpu.DE, -1);
            }
            int quotient = dividend / divisor;
            if (quotient != (short) quotient) {
                c.raise(Cpu.DE, -1);
            }
            c.setReg16(Cpu.EAX, quotient);
            c.setReg16(Cpu.EDX, dividend % divisor);
        }
    }
}
