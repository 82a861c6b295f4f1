package org.minixemu.devices.net;

/**
 * What the DP8390's 16-bit local and remote DMA address reaches on an NE2000 (decided for this
 * model, following QEMU's ne2000):
 * <pre>
 *  0x0000-0x001F  station address PROM, read only: 16 bytes, each present twice
 *  0x4000-0xBFFF  32 KiB of buffer RAM (pages 0x40-0xBF)
 *  elsewhere      nothing: reads 0xFF, writes are dropped
 * </pre>
 * A genuine NE2000 has 16 KiB at 0x4000-0x7FFF; drivers written for it use pages 0x40-0x7F and
 * work unchanged, and drivers that size the memory find 32 KiB as under QEMU. Nothing answers at
 * 0x2000-0x3FFF, where an NE1000 keeps its 8 KiB, so an 8-bit probe fails as on a real NE2000.
 *
 * <p>The PROM: bytes 0-5 are the station address, 6-13 zero, and 14-15 hold 0x57 0x57 ('WW'),
 * the NE2000 signature drivers check. The card wires the 8-bit PROM to both halves of its 16-bit
 * bus, so every byte appears at two consecutive addresses: a byte-wide read of addresses 0-31
 * returns each byte twice, and a word read at 2i returns byte i in both halves.
 */
final class CardMemory {
    static final int PROM_BYTES = 32;
    static final int RAM_START = 0x4000;
    static final int RAM_SIZE = 0x8000;
    static final int RAM_END = RAM_START + RAM_SIZE;
    /** The NE2000 signature at PROM bytes 14 and 15. */
    static final int SIGNATURE = 0x57;

    private final byte[] prom = new byte[PROM_BYTES];
    private final byte[] ram = new byte[RAM_SIZE];

    CardMemory(MacAddress mac) {
        byte[] rom = new byte[16];
        for (int i = 0; i < 6; i++) {
            rom[i] = (byte) mac.octet(i);
        }
        rom[14] = SIGNATURE;
        rom[15] = SIGNATURE;
        for (int i = 0; i < 16; i++) {
            prom[2 * i] = rom[i];
            prom[2 * i + 1] = rom[i];
        }
    }

    /** The byte at card address {@code address} (taken modulo 64 Ki). */
    int read(int address) {
        address &= 0xFFFF;
        if (address < PROM_BYTES) {
            return prom[address] & 0xFF;
        }
        if (address >= RAM_START && address < RAM_END) {
            return ram[address - RAM_START] & 0xFF;
        }
        return 0xFF;
    }

    /** Writes RAM at {@code address}; writes anywhere else go nowhere. */
    void write(int address, int value) {
        address &= 0xFFFF;
        if (address >= RAM_START && address < RAM_END) {
            ram[address - RAM_START] = (byte) value;
        }
    }
}
