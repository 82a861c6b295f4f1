package org.minixemu.cpu;

/**
 * Decimal adjustment: DAA, DAS, AAA, AAS, AAM, AAD. Flags the manual leaves undefined get SF, ZF
 * and PF from AL, like the other byte results (docs/cpu.md lists every
 * undefined flag).
 */
final class BcdOps {
    private BcdOps() {
    }

    static void daa(Cpu c) {
        int al = c.reg8(Cpu.EAX);
        boolean oldCf = c.flags.cf();
        boolean af = c.flags.af();
        boolean cf = false;
        int r = al;
        if ((al & 0x0F) > 9 || af) {
            r += 6;
            cf = oldCf || r > 0xFF;
            af = true;
        } else {
            af = false;
        }
        if (al > 0x99 || oldCf) {
            r += 0x60;
            cf = true;
        } else {
            cf = false;
        }
        finish(c, r, cf, af);
    }

    static void das(Cpu c) {
        int al = c.reg8(Cpu.EAX);
        boolean oldCf = c.flags.cf();
        boolean af = c.flags.af();
        boolean cf = false;
        int r = al;
        if ((al & 0x0F) > 9 || af) {
            r -= 6;
            cf = oldCf || r < 0;
            af = true;
        } else {
            af = false;
        }
        if (al > 0x99 || oldCf) {
            r -= 0x60;
            cf = true;
        }
        finish(c, r, cf, af);
    }

    private static void finish(Cpu c, int al, boolean cf, boolean af) {
        c.setReg8(Cpu.EAX, al);
        c.flags.result(1, al);
        c.flags.set(Flags.CF, cf);
        c.flags.set(Flags.AF, af);
        c.flags.set(Flags.OF, false);
    }

    /** AAA: the i386 adds 0x106 to AX as a whole, so a carry out of AL also reaches AH. */
    static void aaa(Cpu c) {
        boolean adjust = (c.reg8(Cpu.EAX) & 0x0F) > 9 || c.flags.af();
        int ax = c.reg16(Cpu.EAX);
        if (adjust) {
            ax += 0x106;
        }
        unpacked(c, ax, adjust);
    }

    static void aas(Cpu c) {
        boolean adjust = (c.reg8(Cpu.EAX) & 0x0F) > 9 || c.flags.af();
        int ax = c.reg16(Cpu.EAX);
        if (adjust) {
            ax -= 6;
            ax -= 0x100;
        }
        unpacked(c, ax, adjust);
    }

    private static void unpacked(Cpu c, int ax, boolean adjust) {
        c.setReg16(Cpu.EAX, ax & 0xFF0F);
        c.flags.result(1, ax & 0x0F);
        c.flags.set(Flags.CF | Flags.AF, adjust);
        c.flags.set(Flags.OF, false);
    }

    /** AAM Ib: AH = AL / base, AL = AL mod base; a zero base raises #DE. */
    static void aam(Cpu c) {
        int base = c.fetch8();
        if (base == 0) {
            c.raise(Cpu.DE, -1);
        }
        int al = c.reg8(Cpu.EAX);
        int r = al % base;
        c.setReg16(Cpu.EAX, (al / base) << 8 | r);
        c.flags.logic(1, r);
    }

    /** AAD Ib: AL = AL + AH * base, AH = 0; flags as the byte addition that forms AL. */
    static void aad(Cpu c) {
        int base = c.fetch8();
        int al = c.reg8(Cpu.EAX);
        int product = (c.reg8(4) * base) & 0xFF;
        int r = (al + product) & 0xFF;
        c.setReg16(Cpu.EAX, r);
        c.flags.add(1, al, product, r, 0, Flags.ARITH);
    }
}
