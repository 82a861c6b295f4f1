package org.minixemu.kernel;

/**
 * The boot image cannot be started: the message names the file, the boot.cfg line, the program
 * and the problem (for example {@code boot.cfg:5: pong.elf: e_machine is 62 (x86-64), expected 3
 * (i386)}).
 */
public final class BootException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
