package org.minixemu.devices;

/**
 * A device's side of the I/O port bus. {@link IoBus} calls it only for ports the device claimed
 * and only with an access width it said it accepts; {@code port} is the full port number.
 */
public interface IoDevice {
    /** An IN of {@code size} bytes (1, 2 or 4) from {@code port}; the bus keeps the low {@code size} bytes. */
    int read(int port, int size);

    /** An OUT of {@code size} bytes (1, 2 or 4); only the low {@code size} bytes of {@code value} count. */
    void write(int port, int size, int value);
}
