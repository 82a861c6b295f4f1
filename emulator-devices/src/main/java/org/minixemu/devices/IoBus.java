package org.minixemu.devices;

import org.minixemu.cpu.IoPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PC's 64 Ki I/O port space. Devices claim port ranges under a name, with the access widths
 * they accept (as Bochs's {@code DEV_register_io*_handler} does); a claim that overlaps another
 * is refused with both names and the port.
 *
 * <p>Dispatch rules:
 * <ul>
 *   <li>An access whose first port is claimed by a device that accepts its width goes to that
 *       device whole.</li>
 *   <li>Any other 16- or 32-bit access is split into byte accesses to {@code port},
 *       {@code port+1}, ... (low byte first), each dispatched on its own. This is what the ISA
 *       bus does for an 8-bit device, and it lets a 16-bit OUT reach two byte-wide registers.
 *       (Bochs instead answers all ones; we chose the hardware behaviour.)</li>
 *   <li>A byte nobody claims for byte access reads as 0xFF; writes to it are dropped.</li>
 * </ul>
 *
 * <p>After {@link #powerOff()} every port behaves as unclaimed, so that nothing the CPU does
 * between the power-off request and the end of its slice is visible.
 */
public final class IoBus implements IoPorts {
    /** Access-width bits for {@link #claim}. */
    public static final int BYTE = 1, WORD = 2, DWORD = 4;

    private static final Logger LOG = LoggerFactory.getLogger(IoBus.class);
    private static final int PORTS = 0x10000;

    private record Claim(String owner, IoDevice device, int widths) {
    }

    private final Claim[] claims = new Claim[PORTS];
    private boolean poweredOff;

    /**
     * Claims {@code count} ports from {@code first} for {@code device}.
     *
     * @param owner the device's name, used in messages (e.g. "COM1")
     * @param widths the accepted access widths, an OR of {@link #BYTE}, {@link #WORD}, {@link #DWORD}
     * @throws IllegalArgumentException if the range is outside 0-0xFFFF, the widths are invalid, or
     *     a port is already claimed (the message names the port and both devices)
     */
    public void claim(String owner, int first, int count, int widths, IoDevice device) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("an I/O port claim needs the device's name");
        }
        if (count < 1 || first < 0 || first + count > PORTS) {
            throw new IllegalArgumentException(String.format("%s: bad I/O port range 0x%X+%d", owner, first, count));
        }
        if (widths == 0 || (widths & ~(BYTE | WORD | DWORD)) != 0) {
            throw new IllegalArgumentException(owner + ": bad access widths " + widths);
        }
        for (int p = first; p < first + count; p++) {
            if (claims[p] != null) {
                throw new IllegalArgumentException(String.format(
                        "I/O port 0x%04X is claimed by both %s and %s", p, claims[p].owner(), owner));
            }
        }
        Claim claim = new Claim(owner, device, widths);
        for (int p = first; p < first + count; p++) {
            claims[p] = claim;
        }
    }

    /** The name of the device that claimed {@code port}, or null. */
    public String owner(int port) {
        Claim c = claims[port & 0xFFFF];
        return c == null ? null : c.owner();
    }

    /** From now on every port reads all ones and ignores writes (the machine is off). */
    public void powerOff() {
        poweredOff = true;
    }

    @Override
    public int in(int port, int size) {
        port &= 0xFFFF;
        Claim c = claims[port];
        if (c != null && (c.widths() & size) != 0 && !poweredOff) {
            return c.device().read(port, size) & mask(size);
        }
        if (size == 1) {
            return unclaimedRead(port);
        }
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= in((port + i) & 0xFFFF, 1) << (8 * i);
        }
        return value;
    }

    @Override
    public void out(int port, int size, int value) {
        port &= 0xFFFF;
        Claim c = claims[port];
        if (c != null && (c.widths() & size) != 0 && !poweredOff) {
            c.device().write(port, size, value & mask(size));
        } else if (size == 1) {
            if (LOG.isTraceEnabled()) {
                LOG.trace(String.format("OUT to unclaimed port 0x%04X: 0x%02X dropped", port, value & 0xFF));
            }
        } else {
            for (int i = 0; i < size; i++) {
                out((port + i) & 0xFFFF, 1, value >>> (8 * i));
            }
        }
    }

    private static int unclaimedRead(int port) {
        if (LOG.isTraceEnabled()) {
            LOG.trace(String.format("IN from unclaimed port 0x%04X: 0xFF", port));
        }
        return 0xFF;
    }

    private static int mask(int size) {
        return size == 4 ? 0xFFFFFFFF : (1 << (8 * size)) - 1;
    }
}
