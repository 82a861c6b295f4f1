package org.minixemu.devices.boot;

/**
 * A kernel, module or ROM that cannot be booted. The message is one line that names the file
 * and the problem, e.g. {@code "kernel.elf: no multiboot header in the first 8 KiB"}, ready for
 * the command line to print as is.
 */
public final class BootException extends Exception {
    /** A boot failure described by {@code message} (file name first). */
    public BootException(String message) {
        super(message);
    }
}
