package org.minixemu.cpu;

/** Why {@link Cpu#run(long)} returned; see DESIGN.md section 3. */
public enum ExitKind {
    /** Hosted mode: {@code INT n} for a vector the host claimed; EIP is past the INT. */
    SOFTWARE_INTERRUPT,
    /** Hosted mode: a fault or trap raised at CPL 3; EIP is at the faulting instruction. */
    EXCEPTION,
    /** Hosted mode: an unmasked interrupt is pending and IF=1; nothing was delivered. */
    INTERRUPT,
    /** HLT with nothing pending; EIP is past the HLT. */
    HALT,
    /** The instruction budget ran out. */
    BUDGET,
    /** Triple fault, or the machine was asked to power off. */
    SHUTDOWN
}
