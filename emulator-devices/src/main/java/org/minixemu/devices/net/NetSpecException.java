package org.minixemu.devices.net;

/**
 * Bad network configuration from the command line: a malformed {@code --net} value, a back end
 * that cannot be opened, a bad MAC address, I/O base or IRQ. The message is one line that names
 * the option, the value and the problem, ready to print after the program's name (exit status 2).
 * It is an {@link IllegalArgumentException}, which the CLI already reports that way.
 */
public final class NetSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NetSpecException(String message) {
        super(message);
    }

    public NetSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
