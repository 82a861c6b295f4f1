package org.minixemu.cpu;

/**
 * What CPUID reports. We identify as a Pentium-class part (family 5) with the integer features
 * this interpreter implements: TSC, CMPXCHG8B, CMOV and page-size extensions; no FPU. See
 * docs/cpu.md. EDX after RESET holds the same signature, as on Intel parts.
 */
final class CpuIdentity {
    static final int FAMILY = 5;
    static final int MODEL = 2;
    static final int STEPPING = 1;
    static final int SIGNATURE = FAMILY << 8 | MODEL << 4 | STEPPING;
    static final int RESET_EDX = SIGNATURE;

    static final int FEATURE_PSE = 1 << 3;
    static final int FEATURE_TSC = 1 << 4;
    static final int FEATURE_CX8 = 1 << 8;
    static final int FEATURE_CMOV = 1 << 15;
    static final int FEATURES_EDX = FEATURE_PSE | FEATURE_TSC | FEATURE_CX8 | FEATURE_CMOV;

    /** "GenuineIntel" in EBX, EDX, ECX order, the vendor string software expects from this family. */
    static final int VENDOR_EBX = 0x756E6547;
    static final int VENDOR_EDX = 0x49656E69;
    static final int VENDOR_ECX = 0x6C65746E;

    static final int HIGHEST_LEAF = 1;

    private CpuIdentity() {
    }

    /** Fills EAX, EBX, ECX, EDX for the leaf in EAX. Leaves above the highest answer as the highest. */
    static void execute(int[] regs) {
        int leaf = regs[Cpu.EAX];
        if (leaf == 0) {
            regs[Cpu.EAX] = HIGHEST_LEAF;
            regs[Cpu.EBX] = VENDOR_EBX;
            regs[Cpu.EDX] = VENDOR_EDX;
            regs[Cpu.ECX] = VENDOR_ECX;
        } else {
            regs[Cpu.EAX] = SIGNATURE;
            regs[Cpu.EBX] = 0;
            regs[Cpu.ECX] = 0;
            regs[Cpu.EDX] = FEATURES_EDX;
        }
    }
}
