package org.minixemu.devices;

/**
 * A device's connection to host input (a terminal, a network socket). The machine polls it only
 * between CPU slices, so input enters the guest at a virtual time the machine chose, never in the
 * middle of an instruction stream.
 */
public interface HostInput {
    /** Moves whatever host input is available into the device; never blocks. */
    void poll();

    /** Whether input may still arrive (false once the host side has closed). */
    boolean open();
}
