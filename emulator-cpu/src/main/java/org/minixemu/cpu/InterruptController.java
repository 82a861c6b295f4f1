package org.minixemu.cpu;

/**
 * The CPU end of the INTR line. The controller calls {@link Cpu#setInterruptRequest(boolean)} when
 * its output changes; the CPU calls {@link #acknowledge()} when it accepts the interrupt.
 */
public interface InterruptController {
    /** The interrupt-acknowledge cycle: returns the vector of the interrupt being accepted. */
    int acknowledge();
}
