package org.minixemu.devices.net;

/**
 * The National Semiconductor DP8390D network interface controller's registers and bits, named as
 * in its datasheet, and its multicast hash. {@link Ne2000} implements the chip; this class only
 * holds the names.
 *
 * <p>The sixteen register offsets (0x00-0x0F from the card's I/O base) mean different registers
 * on the three pages that CR bits PS1/PS0 select, and on page 0 also for reads and writes:
 * <pre>
 *  off  page 0 read  page 0 write  page 1 (r/w)  page 2 read (page 0 setup read back)
 *  00   CR           CR            CR            CR
 *  01   CLDA0        PSTART        PAR0          PSTART
 *  02   CLDA1        PSTOP         PAR1          PSTOP
 *  03   BNRY         BNRY          PAR2          remote next packet pointer
 *  04   TSR          TPSR          PAR3          TPSR
 *  05   NCR          TBCR0         PAR4          local next packet pointer
 *  06   FIFO         TBCR1         PAR5          address counter (upper)
 *  07   ISR          ISR           CURR          address counter (lower)
 *  08   CRDA0        RSAR0         MAR0          reserved
 *  09   CRDA1        RSAR1         MAR1          reserved
 *  0A   reserved     RBCR0         MAR2          reserved
 *  0B   reserved     RBCR1         MAR3          reserved
 *  0C   RSR          RCR           MAR4          RCR
 *  0D   CNTR0        TCR           MAR5          TCR
 *  0E   CNTR1        DCR           MAR6          DCR
 *  0F   CNTR2        IMR           MAR7          IMR
 * </pre>
 */
public final class Dp8390 {
    private Dp8390() {
    }

    /** The receive ring and the transmit buffers are addressed in pages of this many bytes. */
    public static final int PAGE_SIZE = 256;

    // Register offsets. CR is on every page.
    public static final int CR = 0x00;
    public static final int PSTART = 0x01, CLDA0 = 0x01;
    public static final int PSTOP = 0x02, CLDA1 = 0x02;
    public static final int BNRY = 0x03;
    public static final int TPSR = 0x04, TSR = 0x04;
    public static final int TBCR0 = 0x05, NCR = 0x05;
    public static final int TBCR1 = 0x06, FIFO = 0x06;
    public static final int ISR = 0x07;
    public static final int RSAR0 = 0x08, CRDA0 = 0x08;
    public static final int RSAR1 = 0x09, CRDA1 = 0x09;
    public static final int RBCR0 = 0x0A;
    public static final int RBCR1 = 0x0B;
    public static final int RCR = 0x0C, RSR = 0x0C;
    public static final int TCR = 0x0D, CNTR0 = 0x0D;
    public static final int DCR = 0x0E, CNTR1 = 0x0E;
    public static final int IMR = 0x0F, CNTR2 = 0x0F;
    /** Page 1: the physical address PAR0-PAR5 at 0x01-0x06, CURR, the multicast filter MAR0-MAR7 at 0x08-0x0F. */
    public static final int PAR0 = 0x01, CURR = 0x07, MAR0 = 0x08;
    /** Page 2 diagnostics. */
    public static final int RNPP = 0x03, LNPP = 0x05, ACU = 0x06, ACL = 0x07;

    // CR: command register.
    public static final int CR_STP = 0x01;
    public static final int CR_STA = 0x02;
    public static final int CR_TXP = 0x04;
    /** Remote DMA command, bits RD2-RD0. */
    public static final int CR_RD_MASK = 0x38;
    public static final int CR_RD_READ = 0x08;
    public static final int CR_RD_WRITE = 0x10;
    public static final int CR_RD_SEND = 0x18;
    /** RD2: abort or complete remote DMA (any value with RD2 set). */
    public static final int CR_RD_ABORT = 0x20;
    public static final int CR_PS_MASK = 0xC0;
    public static final int CR_PS_SHIFT = 6;

    // ISR: interrupt status, and IMR: the matching enables.
    public static final int ISR_PRX = 0x01;
    public static final int ISR_PTX = 0x02;
    public static final int ISR_RXE = 0x04;
    public static final int ISR_TXE = 0x08;
    public static final int ISR_OVW = 0x10;
    public static final int ISR_CNT = 0x20;
    public static final int ISR_RDC = 0x40;
    /** Set in the reset state; cleared by a start command, not by writing it; it never interrupts. */
    public static final int ISR_RST = 0x80;
    /** The ISR bits that can interrupt (IMR bit 7 is reserved). */
    public static final int ISR_INTERRUPTS = 0x7F;

    // DCR: data configuration.
    /** Word transfer select: 1 = the remote DMA moves 16-bit words. */
    public static final int DCR_WTS = 0x01;
    public static final int DCR_BOS = 0x02;
    public static final int DCR_LAS = 0x04;
    /** Loopback select: 0 selects loopback (with TCR), 1 is normal operation. */
    public static final int DCR_LS = 0x08;
    public static final int DCR_ARM = 0x10;
    public static final int DCR_FT_MASK = 0x60;
    public static final int DCR_MASK = 0x7F;

    // TCR: transmit configuration.
    /** Inhibit CRC: the transmitter appends no FCS; the frame's last four bytes are its FCS. */
    public static final int TCR_CRC = 0x01;
    public static final int TCR_LB_MASK = 0x06;
    /** Mode 1, internal loopback (through the NIC only). */
    public static final int TCR_LB_INTERNAL = 0x02;
    /** Mode 2, loopback through the ENDEC. */
    public static final int TCR_LB_ENDEC = 0x04;
    /** Mode 3, loopback through the transceiver. */
    public static final int TCR_LB_EXTERNAL = 0x06;
    public static final int TCR_ATD = 0x08;
    public static final int TCR_OFST = 0x10;
    public static final int TCR_MASK = 0x1F;

    // TSR: transmit status.
    public static final int TSR_PTX = 0x01;
    public static final int TSR_COL = 0x04;
    public static final int TSR_ABT = 0x08;
    public static final int TSR_CRS = 0x10;

    // RCR: receive configuration.
    /** Save errored packets. */
    public static final int RCR_SEP = 0x01;
    /** Accept runt packets (shorter than 64 bytes with the FCS). */
    public static final int RCR_AR = 0x02;
    /** Accept broadcast. */
    public static final int RCR_AB = 0x04;
    /** Accept multicast (through the MAR hash filter). */
    public static final int RCR_AM = 0x08;
    /** Promiscuous physical. */
    public static final int RCR_PRO = 0x10;
    /** Monitor mode: frames are checked and counted as missed, never stored. */
    public static final int RCR_MON = 0x20;
    public static final int RCR_MASK = 0x3F;

    // RSR: receive status (also the first byte of each receive header).
    public static final int RSR_PRX = 0x01;
    public static final int RSR_CRC = 0x02;
    public static final int RSR_FAE = 0x04;
    public static final int RSR_FO = 0x08;
    public static final int RSR_MPA = 0x10;
    /** The destination was a multicast or broadcast address. */
    public static final int RSR_PHY = 0x20;
    /** The receiver is disabled (monitor mode). */
    public static final int RSR_DIS = 0x40;

    /** Tally counters stop counting here (the datasheet's 192). */
    public static final int COUNTER_LIMIT = 0xC0;

    /**
     * The bit of the 64-bit multicast filter MAR0-MAR7 that a destination address selects: the
     * top six bits of the Ethernet CRC-32 (polynomial 0x04C11DB7, register preset to all ones,
     * bits taken least significant first, no final inversion) over the six address bytes. Bits
     * 5-3 of the result select the MAR register, bits 2-0 the bit within it.
     */
    public static int multicastIndex(byte[] frame, int offset) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < 6; i++) {
            int b = frame[offset + i];
            for (int bit = 0; bit < 8; bit++, b >>= 1) {
                boolean feedback = (crc < 0) ^ ((b & 1) != 0);
                crc <<= 1;
                if (feedback) {
                    crc ^= 0x04C11DB7;
                }
            }
        }
        return crc >>> 26;
    }
}
