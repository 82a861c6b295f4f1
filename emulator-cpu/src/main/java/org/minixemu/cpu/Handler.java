package org.minixemu.cpu;

/** Executes one decoded instruction form. Prefixes and the ModR/M byte are already decoded. */
@FunctionalInterface
interface Handler {
    void execute(Cpu cpu);
}
