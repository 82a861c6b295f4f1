package org.minixemu.cpu;

/**
 * Told when something writes to a physical page that holds translated code (see
 * {@link PhysicalMemory#watchCodeWrites}): the CPU, a device, or the host's own copies.
 */
public interface CodeWriteWatcher {
    /**
     * The page at physical address {@code page} (a multiple of 4096) was written; its mark has
     * been cleared, so later writes are not reported until the page is marked again.
     */
    void codeWritten(int page);
}
