package org.minixemu.cpu;

/**
 * Unwinds an instruction that raised a processor exception back to the loop in {@link Cpu#run}.
 * There is one preallocated instance with no stack trace, so a fault costs no allocation; the
 * vector and error code travel in the CPU's own fields. It never leaves {@code Cpu.run}.
 */
final class Fault extends RuntimeException {
    static final Fault INSTANCE = new Fault();

    private Fault() {
        super("processor exception", null, false, false);
    }
}
