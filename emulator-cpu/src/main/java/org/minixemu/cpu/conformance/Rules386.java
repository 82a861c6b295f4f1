package org.minixemu.cpu.conformance;

import java.util.Map;
import java.util.Set;

/**
 * How 80286-recorded tests apply to an i386: which tests to skip and which FLAGS bits to compare.
 * The rules are those of shared/conformance/README.md, "Rules for using 286 data against a 386
 * core"; each method names the rule it implements.
 */
final class Rules386 {
    /** The prefixes the recorder used: segment overrides, REP/REPNE and LOCK. */
    private static final Set<Integer> PREFIXES = Set.of(0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF2, 0xF3);
    /** A 286 in real mode cannot hold IOPL and NT, so bits 12-15 never count in registers. */
    static final int REGISTER_FLAGS_MASK = 0x0FFF;
    private static final int OF = 1 << 11;
    private static final int CF = 1;

    private final Map<String, Integer> flagMasks;
    private final Set<String> revoked;

    /**
     * @param flagMasks per file stem, the metadata's flags-mask (1 = defined); absent means 0xFFFF
     * @param revoked hashes from revocation_list.txt
     */
    Rules386(Map<String, Integer> flagMasks, Set<String> revoked) {
        this.flagMasks = flagMasks;
        this.revoked = revoked;
    }

    /** Why a test does not apply to a 386, or null when it does. */
    String skipReason(String stem, SingleStepTest t) {
        if (revoked.contains(t.hash())) {
            return "revoked";
        }
        if (stem.equals("D8")) {
            // ESC: the 286 had no coprocessor and still checked the memory operand; on a 386 the
            // outcome depends on CR0.EM/MP and the coprocessor, so the README says skip it.
            return "coprocessor escape";
        }
        int i = 0;
        while (i < t.instructionLength() && PREFIXES.contains(t.bytes()[i])) {
            if (t.bytes()[i] == 0xF0) {
                return "LOCK prefix (the 386 raises #UD where the 286 did not)";
            }
            i++;
        }
        if (t.exception() != null && t.exception().number() == 6 && t.instructionLength() > 10) {
            return "longer than 10 bytes (#UD on a 286 only)";
        }
        if ((stem.equals("8C") || stem.equals("8E")) && i + 1 < t.bytes().length) {
            int reg = (t.bytes()[i + 1] >> 3) & 7;
            if (reg == 4 || reg == 5) {
                return "FS/GS move (#UD on a 286)";
            }
        }
        return null;
    }

    /** FLAGS bits to compare for this test: the metadata's mask plus the shift-count rules. */
    int flagsMask(String stem, SingleStepTest t) {
        int mask = flagMasks.getOrDefault(stem, 0xFFFF);
        String opcode = stem.length() >= 2 ? stem.substring(0, 2) : stem;
        boolean countedShift = opcode.equals("C0") || opcode.equals("C1") || opcode.equals("D2")
                || opcode.equals("D3");
        if (countedShift) {
            int count = shiftCount(opcode, t) & 31;
            if (count != 1) {
                mask &= ~OF;
            }
            int reg = stem.length() == 4 ? stem.charAt(3) - '0' : 0;
            int width = opcode.equals("C0") || opcode.equals("D2") ? 8 : 16;
            if (reg >= 4 && count >= width) {
                mask &= ~CF;
            }
        }
        return mask;
    }

    /** C0/C1 take the count from the immediate (the byte before HLT); D2/D3 from CL. */
    private static int shiftCount(String opcode, SingleStepTest t) {
        if (opcode.equals("C0") || opcode.equals("C1")) {
            return t.bytes()[t.instructionLength() - 1];
        }
        return t.initialRegs().get("cx") & 0xFF;
    }
}
