package org.minixemu.cpu;

/**
 * The compiled form of a block of guest instructions: a class that {@link BlockTranslator}
 * generates. {@link #run} executes the whole block, or stops after the instruction at which
 * {@link Cpu#blockExit} became true, leaving the CPU exactly as the interpreter would have.
 * (An abstract class rather than an interface: the call from the run loop has thousands of
 * receivers, and a virtual call through the vtable is cheaper than an interface call.)
 */
abstract class BlockCode {
    abstract void run(Cpu cpu);
}
