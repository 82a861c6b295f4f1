package org.minixemu.devices.boot;

/**
 * A piece of the kernel to copy into memory: {@code fileSize} bytes from {@code fileOffset} to
 * physical {@code address}, then zeroes up to {@code memSize} (the BSS). Longs, so that the
 * range checks cannot overflow.
 *
 * @param what how messages name it, e.g. "program segment 1" or "the a.out-kludge image"
 */
record LoadSegment(String what, long fileOffset, long fileSize, long address, long memSize) {
    /** One past the last physical byte. */
    long end() {
        return address + memSize;
    }
}
