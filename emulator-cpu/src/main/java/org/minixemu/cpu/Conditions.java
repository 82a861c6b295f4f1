package org.minixemu.cpu;

/** The sixteen condition codes of Jcc, SETcc and CMOVcc, in encoding order (O, NO, B, NB, ...). */
final class Conditions {
    private Conditions() {
    }

    static boolean test(Cpu c, int cc) {
        Flags f = c.flags;
        boolean r = switch (cc >>> 1) {
            case 0 -> f.of();
            case 1 -> f.cf();
            case 2 -> f.zf();
            case 3 -> f.cf() || f.zf();
            case 4 -> f.sf();
            case 5 -> f.pf();
            case 6 -> f.sf() != f.of();
            default -> f.zf() || f.sf() != f.of();
        };
        // Odd condition codes are the negations of the even ones.
        return (cc & 1) == 0 ? r : !r;
    }
}
