package org.minixemu.image;

/**
 * A disk image, archive or boot.cfg that cannot be read or built. The message is one line that
 * names the file and where in it the problem is (a sector, a byte offset, a line), what was found
 * and what was expected, e.g. {@code "disk.img: sector 0: no MBR signature (expected 55 AA, found
 * 00 00)"}; the command line prints it as is.
 */
public class ImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message} (file name first). */
    public ImageException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by an I/O failure. */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
