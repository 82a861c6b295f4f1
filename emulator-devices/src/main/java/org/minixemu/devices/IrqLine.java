package org.minixemu.devices;

/**
 * A device's interrupt output, wired to one input of the interrupt controller. Devices drive the
 * level; whether the controller reacts to edges or levels is the controller's business.
 */
@FunctionalInterface
public interface IrqLine {
    void set(boolean high);

    default void raise() {
        set(true);
    }

    default void lower() {
        set(false);
    }

    /** A line connected to nothing. */
    IrqLine NONE = high -> { };
}
