package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.ENDPOINT_GENERATION_SIZE;
import static org.minixemu.kernel.abi.Abi.MAX_GENERATION;
import static org.minixemu.kernel.abi.Abi.MAX_NR_TASKS;

/**
 * Endpoint arithmetic (minix3-facts.md section 2): endpoint = generation x 36558 + slot, so a
 * slot reused by a new process gets a new endpoint and old ones go stale.
 */
final class Endpoints {
    private Endpoints() {
    }

    /** The endpoint of {@code slot} in {@code generation}. */
    static int of(int generation, int slot) {
        return generation * ENDPOINT_GENERATION_SIZE + slot;
    }

    /** The slot an endpoint names (which may be out of range: check before use). */
    static int slot(int endpoint) {
        return Math.floorMod(endpoint + MAX_NR_TASKS, ENDPOINT_GENERATION_SIZE) - MAX_NR_TASKS;
    }

    /** The generation an endpoint names. */
    static int generation(int endpoint) {
        return Math.floorDiv(endpoint + MAX_NR_TASKS, ENDPOINT_GENERATION_SIZE);
    }

    /** The generation after {@code g}: wraps back to 1 (0 belongs to boot processes). */
    static int next(int generation) {
        return generation >= MAX_GENERATION ? 1 : generation + 1;
    }
}
