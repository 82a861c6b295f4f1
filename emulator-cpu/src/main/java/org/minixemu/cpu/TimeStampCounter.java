package org.minixemu.cpu;

/** What RDTSC reads: a count that the machine derives from its virtual clock. */
@FunctionalInterface
public interface TimeStampCounter {
    long read();
}
