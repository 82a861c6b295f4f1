package org.minixemu.cpu;

/**
 * The compiled form of a block of guest instructions: a class that {@link BlockTranslator}
 * generates. {@link #run} executes the whole block, or stops after the instruction at which
 * {@link Cpu#blockExit} became nonzero, leaving the CPU exactly as the interpreter would have.
 */
interface BlockCode {
    void run(Cpu cpu);
}
