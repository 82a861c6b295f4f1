package org.minixemu.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.kernel.abi.Abi.ANY;
import static org.minixemu.kernel.abi.Abi.ASYNCM;
import static org.minixemu.kernel.abi.Abi.ENDPOINT_GENERATION_SIZE;
import static org.minixemu.kernel.abi.Abi.NR_PROCS;
import static org.minixemu.kernel.abi.Abi.SELF;

import org.junit.jupiter.api.Test;

/** Endpoint arithmetic of minix3-facts.md section 2. */
class EndpointsTest {
    @Test
    void bootProcessesHaveGenerationZeroSoTheirEndpointIsTheirSlot() {
        assertEquals(7, Endpoints.of(0, 7));
        assertEquals(ASYNCM, Endpoints.of(0, ASYNCM));
    }

    @Test
    void slotAndGenerationRoundTripForEverySlotAndSeveralGenerations() {
        for (int generation : new int[] {0, 1, 2, 1000, 58740}) {
            for (int slot = -5; slot < NR_PROCS; slot++) {
                int endpoint = Endpoints.of(generation, slot);
                assertEquals(slot, Endpoints.slot(endpoint), "slot of " + endpoint);
                assertEquals(generation, Endpoints.generation(endpoint), "generation of " + endpoint);
            }
        }
    }

    @Test
    void aNewGenerationOfTheSameSlotIsADifferentEndpoint() {
        assertEquals(3 + ENDPOINT_GENERATION_SIZE, Endpoints.of(1, 3));
        assertEquals(3, Endpoints.slot(Endpoints.of(1, 3)));
    }

    @Test
    void theMagicEndpointsNameNoProcessSlot() {
        for (int magic : new int[] {ANY, SELF}) {
            int slot = Endpoints.slot(magic);
            assertEquals(true, slot >= NR_PROCS, "0x" + Integer.toHexString(magic) + " maps to slot " + slot);
        }
    }

    @Test
    void generationsWrapToOneAfterTheLast() {
        assertEquals(2, Endpoints.next(1));
        assertEquals(1, Endpoints.next(58740));
    }
}
