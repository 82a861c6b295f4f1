package org.minixemu.devices;

/**
 * How a {@link PcMachine#run} ended.
 *
 * @param outcome what stopped the machine
 * @param exitStatus the status the guest asked for when it powered off (see {@link PowerControl});
 *     0 for the other outcomes
 * @param eip EIP when the machine stopped (for HLT: the instruction after it)
 * @param instructions instructions retired during the run
 */
public record RunResult(Outcome outcome, int exitStatus, int eip, long instructions) {

    /** What stopped the machine. */
    public enum Outcome {
        /** The guest powered the machine off (isa-debug-exit or ACPI); see {@link #exitStatus()}. */
        POWER_OFF,
        /** A fault while delivering a double fault: the i386 shuts down. */
        TRIPLE_FAULT,
        /** HLT with IF=0: nothing can wake the processor. */
        HALTED_INTERRUPTS_OFF,
        /** HLT with IF=1, but no device on this machine can raise an interrupt. */
        HALTED_NO_INTERRUPT_SOURCE,
        /** The wall-clock timeout passed while the guest was still running. */
        TIMEOUT
    }
}
