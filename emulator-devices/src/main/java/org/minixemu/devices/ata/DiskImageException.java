package org.minixemu.devices.ata;

/**
 * A disk image that cannot be used. The message is one line that names the file and the
 * problem, e.g. {@code "disk.img: size 1000 bytes is not a multiple of 512"}, ready for the
 * command line to print as is.
 */
public final class DiskImageException extends Exception {
    /** A failure described by {@code message} (file name first). */
    public DiskImageException(String message) {
        super(message);
    }
}
