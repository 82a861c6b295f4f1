package org.minixemu.kernel.inspect;

/**
 * A run of virtual pages mapped to consecutive frames with the same protection.
 *
 * @param virtualStart the first virtual address
 * @param physicalStart the frame of the first page
 * @param pages how many 4 KiB pages
 * @param writable whether the process may write them
 */
public record PageMapping(int virtualStart, int physicalStart, int pages, boolean writable) {
}
