package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The IN and OUT paths (registers, remote DMA, starting a transmission) allocate nothing. */
class Ne2000AllocationTest {
    private static final int BASE = 0x300;

    private static void exercise(Ne2000 nic, NicHarness h, int rounds) {
        for (int r = 0; r < rounds; r++) {
            nic.write(BASE + RBCR0, 1, 64);
            nic.write(BASE + RBCR1, 1, 0);
            nic.write(BASE + RSAR0, 1, 0);
            nic.write(BASE + RSAR1, 1, 0x40);
            nic.write(BASE + CR, 1, CR_RD_WRITE | CR_STA);
            for (int i = 0; i < 32; i++) {
                nic.write(BASE + 0x10, 2, i * 0x0101);
            }
            nic.write(BASE + RBCR0, 1, 64);
            nic.write(BASE + RSAR1, 1, 0x40);
            nic.write(BASE + RSAR0, 1, 0);
            nic.write(BASE + CR, 1, CR_RD_READ | CR_STA);
            for (int i = 0; i < 16; i++) {
                nic.read(BASE + 0x10, 4);
            }
            nic.read(BASE + ISR, 1);
            nic.write(BASE + ISR, 1, 0xFF);
            nic.read(BASE + CNTR2, 1);
            nic.write(BASE + CR, 1, CR_STA | CR_RD_ABORT | 0x40);
            nic.read(BASE + CURR, 1);
            nic.write(BASE + CR, 1, CR_STA | CR_RD_ABORT);
            nic.write(BASE + TPSR, 1, 0x40);
            nic.write(BASE + TBCR0, 1, 64);
            nic.write(BASE + TBCR1, 1, 0);
            nic.write(BASE + CR, 1, CR_TXP | CR_STA | CR_RD_ABORT);
            h.advance(NicHarness.wireNanos(64));
        }
    }

    @Test
    void registerAndDataPortAccessesDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counters unavailable");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        NicHarness h = new NicHarness(NoneBackend.INSTANCE);
        h.init(RCR_AB);
        exercise(h.nic, h, 20_000); // warm up: let the JIT settle
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        exercise(h.nic, h, 20_000);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 20000 rounds");
    }
}
