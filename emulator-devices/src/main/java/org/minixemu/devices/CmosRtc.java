package org.minixemu.devices;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The Motorola MC146818A real-time clock and its 128 bytes of CMOS RAM, at index port 0x70 and
 * data port 0x71, interrupting on IRQ8. Written from the MC146818A datasheet:
 * <ul>
 *   <li>registers 0-9: seconds, alarm seconds, minutes, alarm minutes, hours, alarm hours, day of
 *       week (1 = Sunday), day of month, month, year -- in BCD or binary (register B's DM bit)
 *       and with 12-hour hours (bit 7 = PM) or 24-hour (B's 24/12 bit). The registers hold the
 *       bytes as written; the update cycle counts in whatever format B selects, as the chip
 *       does, and never converts existing data when DM or 24/12 change.</li>
 *   <li>register A: UIP (read only), the divider bits DV2-DV0 (010 = 32.768 kHz time base, 11x =
 *       divider held in reset; releasing it starts the first update cycle half a second later)
 *       and the rate select bits RS3-RS0 of the periodic interrupt.</li>
 *   <li>register B: SET (halts updates and clears UIE), PIE, AIE, UIE, SQWE, DM, 24/12, DSE
 *       (last Sunday in April 01:59:59 -> 03:00:00; last Sunday in October 01:59:59 -> 01:00:00
 *       once).</li>
 *   <li>register C: IRQF, PF, AF, UF; reading it clears it and releases IRQ8. IRQF = PF.PIE +
 *       AF.AIE + UF.UIE, and the IRQ line follows IRQF.</li>
 *   <li>register D: VRT = 1 (the battery is good); read only.</li>
 * </ul>
 *
 * <p>Time: the chip's 32.768 kHz time base is derived exactly from guest nanoseconds, and
 * everything is computed from it when looked at. Updates happen once per guest second; UIP is
 * set for the 8 time-base cycles (244.14 us, the datasheet's t<sub>BUC</sub>) before each update.
 * The update itself is taken to be instantaneous (the datasheet's t<sub>UC</sub> of 1984 us is not
 * modelled), so the time registers are never seen half-updated -- as in QEMU. The event timer is
 * armed only when an interrupt is enabled and IRQ8 is not already asserted; flags nobody waits
 * for are caught up when read, so an idle machine is not woken by the clock.
 *
 * <p>Beyond the chip: the century is kept at 0x32 in the current data format (BCD by default)
 * and incremented when the year wraps from 99 to 00, as PC chipsets do, and the calendar uses the
 * Gregorian leap-year rule on the full year (the MC146818A alone knows only "divisible by 4",
 * which agrees from 1901 to 2099). The PC BIOS bytes for the memory size and their checksum are
 * filled in from the machine's RAM size. NMI masking (port 0x70 bit 7) is stored only.
 */
public final class CmosRtc implements IoDevice, Inspectable {
    public static final int INDEX_PORT = 0x70, DATA_PORT = 0x71;

    // Register indexes.
    public static final int SECONDS = 0x00, SECONDS_ALARM = 0x01, MINUTES = 0x02, MINUTES_ALARM = 0x03,
            HOURS = 0x04, HOURS_ALARM = 0x05, DAY_OF_WEEK = 0x06, DAY_OF_MONTH = 0x07, MONTH = 0x08,
            YEAR = 0x09, REG_A = 0x0A, REG_B = 0x0B, REG_C = 0x0C, REG_D = 0x0D, CENTURY = 0x32;

    // Register bits.
    public static final int A_UIP = 0x80;
    public static final int B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_SQWE = 0x08,
            B_DM = 0x04, B_24H = 0x02, B_DSE = 0x01;
    public static final int C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10;
    public static final int D_VRT = 0x80;

    /** The time base, in Hz. */
    static final long HZ = 32_768;
    private static final long HALF_SECOND = HZ / 2;
    /** t<sub>BUC</sub>: UIP rises 244.14 us -- eight time-base cycles -- before each update. */
    private static final long UIP_TICKS = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400;

    private final int[] ram = new int[128];
    private final VirtualClock clock;
    private final IrqLine irq;
    private final Timer timer;
    private int index;
    private boolean nmiDisabled;
    /** The time-base cycle at which the divider chain last left reset; updates fall half a second after, then every second. */
    private long origin;
    /** How many update instants since {@code origin} have been dealt with. */
    private long updates;
    /** The time-base cycle up to which periodic-interrupt edges have been looked for. */
    private long periodicSeen;
    private boolean irqLevel;
    /** DSE: the October step back from 01:59:59 to 01:00:00 has happened today. */
    private boolean fellBack;

    /**
     * @param queue the machine's event queue (and through it the virtual clock)
     * @param irq8 the interrupt input for IRQ8 (slave PIC IR0)
     * @param start the time the clock shows at this moment of guest time; a fixed instant makes
     *     {@code --clock virtual} runs repeatable. Kept in UTC.
     * @param ramBytes the machine's RAM size, for the BIOS memory-size bytes
     */
    public CmosRtc(EventQueue queue, IrqLine irq8, Instant start, long ramBytes) {
        this.clock = queue.clock();
        this.irq = irq8;
        this.timer = queue.timer("RTC interrupt", this::timerFired);
        ram[REG_A] = 0x26; // 32.768 kHz time base, 1024 Hz periodic rate: what the BIOS sets
        ram[REG_B] = B_24H; // BCD, 24-hour, no interrupts
        ram[REG_D] = D_VRT;
        setTime(LocalDateTime.ofEpochSecond(start.getEpochSecond(), 0, ZoneOffset.UTC));
        // Line the update instants up with the start time's fraction of a second.
        long now = timeBase(clock.nanos());
        long fraction = start.getNano() * HZ / NANOS_PER_SECOND;
        origin = now - HALF_SECOND - fraction;
        updates = updatesDue(now);
        periodicSeen = now;
        setMemorySize(ramBytes);
    }

    /** The same, starting at {@code startEpochSeconds} seconds after 1970-01-01T00:00:00Z. */
    public CmosRtc(EventQueue queue, IrqLine irq8, long startEpochSeconds, long ramBytes) {
        this(queue, irq8, Instant.ofEpochSecond(startEpochSeconds), ramBytes);
    }

    /** Claims ports 0x70 and 0x71. */
    public void attachTo(IoBus bus) {
        bus.claim("CMOS RTC", INDEX_PORT, 2, IoBus.BYTE, this);
    }

    private void setTime(LocalDateTime t) {
        ram[SECONDS] = bcd(t.getSecond());
        ram[MINUTES] = bcd(t.getMinute());
        ram[HOURS] = bcd(t.getHour());
        ram[DAY_OF_WEEK] = bcd(t.getDayOfWeek().getValue() % 7 + 1); // ISO Monday = 1 -> Sunday = 1
        ram[DAY_OF_MONTH] = bcd(t.getDayOfMonth());
        ram[MONTH] = bcd(t.getMonthValue());
        ram[YEAR] = bcd(t.getYear() % 100);
        ram[CENTURY] = bcd(t.getYear() / 100 % 100);
    }

    /**
     * The BIOS's memory bytes (IBM AT layout): base memory in KiB at 0x15/0x16 (640 at most),
     * KiB above 1 MiB at 0x17/0x18 and again at 0x30/0x31 (capped at 0xFFFF), 64 KiB blocks above
     * 16 MiB at 0x34/0x35 (the SeaBIOS/QEMU convention), and the checksum.
     */
    private void setMemorySize(long bytes) {
        int base = (int) Math.min(640, bytes / 1024);
        int extended = (int) Math.min(0xFFFF, Math.max(0, (bytes - (1L << 20)) / 1024));
        int above16m = (int) Math.min(0xFFFF, Math.max(0, (bytes - (16L << 20)) / 65536));
        ram[0x15] = base & 0xFF;
        ram[0x16] = base >> 8;
        ram[0x17] = extended & 0xFF;
        ram[0x18] = extended >> 8;
        ram[0x30] = extended & 0xFF;
        ram[0x31] = extended >> 8;
        ram[0x34] = above16m & 0xFF;
        ram[0x35] = above16m >> 8;
        updateChecksum();
    }

    /** The standard CMOS checksum: the 16-bit sum of bytes 0x10-0x2D, high byte at 0x2E. */
    private void updateChecksum() {
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) {
            sum += ram[i];
        }
        ram[0x2E] = (sum >> 8) & 0xFF;
        ram[0x2F] = sum & 0xFF;
    }

    /**
     * Sets a configuration byte as a BIOS setup would (disk types, equipment byte), keeping the
     * checksum right. For the board, not the guest.
     */
    public void setConfigByte(int index, int value) {
        if (index < 0x0E || index > 0x7F) {
            throw new IllegalArgumentException("not a CMOS configuration byte: " + index);
        }
        ram[index] = value & 0xFF;
        updateChecksum();
    }

    /** Whether the guest has masked NMI through bit 7 of port 0x70. */
    public boolean nmiDisabled() {
        return nmiDisabled;
    }

    // ---- Time ------------------------------------------------------------------------------

    /** Time-base cycles from guest time 0 to {@code nanos}: floor(nanos * 32768 / 1e9). */
    static long timeBase(long nanos) {
        return nanos / NANOS_PER_SECOND * HZ + nanos % NANOS_PER_SECOND * HZ / NANOS_PER_SECOND;
    }

    /** The first guest nanosecond at which {@link #timeBase} reaches {@code cycle}. */
    static long nanosAt(long cycle) {
        return Math.floorDiv(cycle, HZ) * NANOS_PER_SECOND
                + (Math.floorMod(cycle, HZ) * NANOS_PER_SECOND + HZ - 1) / HZ;
    }

    private boolean dividerRunning() {
        // DV2-DV0 of 000 and 001 name the 4.194304 and 1.048576 MHz time bases; we keep time
        // with them as if the crystal matched. 011 and 10x are test modes and 11x holds the
        // divider in reset: time stands still.
        return (ram[REG_A] & 0x70) <= 0x20;
    }

    private boolean updating() {
        return dividerRunning() && (ram[REG_B] & B_SET) == 0;
    }

    /** The number of update instants at or before {@code cycle}. */
    private long updatesDue(long cycle) {
        return Math.max(0, Math.floorDiv(cycle - origin - HALF_SECOND, HZ) + 1);
    }

    /** The periodic interrupt's period in time-base cycles, or 0 when RS3-RS0 are 0. */
    private int periodicCycles() {
        int rs = ram[REG_A] & 0x0F;
        if (rs == 0) {
            return 0;
        }
        // With a 32.768 kHz time base, rates 1 and 2 repeat 8 and 9 (256 and 128 Hz).
        return rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
    }

    private boolean uip(long cycle) {
        return updating() && Math.floorMod(cycle - origin - HALF_SECOND, HZ) >= HZ - UIP_TICKS;
    }

    /** Brings flags and the calendar up to time-base cycle {@code now}. */
    private void catchUp(long now) {
        if (!dividerRunning()) {
            periodicSeen = now;
            return;
        }
        int period = periodicCycles();
        if (period != 0 && now > periodicSeen
                && Math.floorDiv(now - origin, period) != Math.floorDiv(periodicSeen - origin, period)) {
            ram[REG_C] |= C_PF; // PF is set whatever PIE says
        }
        if (now > periodicSeen) {
            periodicSeen = now;
        }
        long due = updatesDue(now);
        if (due > updates) {
            long n = due - updates;
            updates = due;
            if ((ram[REG_B] & B_SET) == 0) {
                runUpdates(n);
            }
        }
    }

    private void runUpdates(long n) {
        if (n > 2 * SECONDS_PER_DAY) {
            // A long sleep: move whole days first, then step the last day or two second by
            // second so that the alarm is still seen.
            long days = (n - SECONDS_PER_DAY) / SECONDS_PER_DAY;
            for (long d = 0; d < days; d++) {
                nextDay();
            }
            n -= days * SECONDS_PER_DAY;
        }
        for (long i = 0; i < n; i++) {
            nextSecond();
            if (matches(ram[SECONDS_ALARM], ram[SECONDS]) && matches(ram[MINUTES_ALARM], ram[MINUTES])
                    && matches(ram[HOURS_ALARM], ram[HOURS])) {
                ram[REG_C] |= C_AF;
            }
        }
        ram[REG_C] |= C_UF;
    }

    /** An alarm byte of 0xC0-0xFF matches anything ("don't care"). */
    private static boolean matches(int alarm, int time) {
        return (alarm & 0xC0) == 0xC0 || alarm == time;
    }

    /** One update cycle: the time advances by a second in the format register B selects. */
    private void nextSecond() {
        int second = decode(ram[SECONDS]) + 1;
        if (second < 60) {
            ram[SECONDS] = encode(second);
            return;
        }
        ram[SECONDS] = encode(0);
        int minute = decode(ram[MINUTES]) + 1;
        if (minute < 60) {
            ram[MINUTES] = encode(minute);
            return;
        }
        ram[MINUTES] = encode(0);
        int hour = hour24() + 1;
        if ((ram[REG_B] & B_DSE) != 0 && hour == 2 && decode(ram[DAY_OF_WEEK]) == 1) {
            int month = decode(ram[MONTH]);
            int day = decode(ram[DAY_OF_MONTH]);
            if (month == 4 && day > 30 - 7) {
                hour = 3;               // last Sunday in April: 01:59:59 -> 03:00:00
            } else if (month == 10 && day > 31 - 7 && !fellBack) {
                hour = 1;               // last Sunday in October: 01:59:59 -> 01:00:00, once
                fellBack = true;
            }
        }
        if (hour < 24) {
            ram[HOURS] = encodeHour(hour);
            return;
        }
        ram[HOURS] = encodeHour(0);
        fellBack = false;
        nextDay();
    }

    private void nextDay() {
        int dow = decode(ram[DAY_OF_WEEK]);
        ram[DAY_OF_WEEK] = encode(dow >= 7 ? 1 : dow + 1);
        int day = decode(ram[DAY_OF_MONTH]) + 1;
        int month = decode(ram[MONTH]);
        int year = decode(ram[YEAR]);
        int century = decode(ram[CENTURY]);
        if (day <= daysInMonth(month, century * 100 + year)) {
            ram[DAY_OF_MONTH] = encode(day);
            return;
        }
        ram[DAY_OF_MONTH] = encode(1);
        if (month < 12) {
            ram[MONTH] = encode(month + 1);
            return;
        }
        ram[MONTH] = encode(1);
        if (year < 99) {
            ram[YEAR] = encode(year + 1);
            return;
        }
        ram[YEAR] = encode(0);
        ram[CENTURY] = encode(century + 1);
    }

    private static int daysInMonth(int month, int year) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private boolean binary() {
        return (ram[REG_B] & B_DM) != 0;
    }

    private int decode(int value) {
        return binary() ? value : (value >> 4) * 10 + (value & 0x0F);
    }

    private int encode(int value) {
        return binary() ? value & 0xFF : bcd(value);
    }

    private static int bcd(int value) {
        return (value / 10 % 10) << 4 | value % 10;
    }

    private int hour24() {
        int raw = ram[HOURS];
        if ((ram[REG_B] & B_24H) != 0) {
            return decode(raw);
        }
        return decode(raw & 0x7F) % 12 + ((raw & 0x80) != 0 ? 12 : 0);
    }

    private int encodeHour(int hour) {
        if ((ram[REG_B] & B_24H) != 0) {
            return encode(hour);
        }
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        return encode(h12) | (hour >= 12 ? 0x80 : 0);
    }

    // ---- Interrupts --------------------------------------------------------------------------

    private void updateIrq() {
        boolean level = (ram[REG_C] & ram[REG_B] & (C_PF | C_AF | C_UF)) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    /** Arms the timer for the next event that can assert IRQ8, if any can. */
    private void rearm(long now) {
        int b = ram[REG_B];
        long next = Long.MAX_VALUE;
        if (!irqLevel && dividerRunning()) {
            int period = periodicCycles();
            if ((b & B_PIE) != 0 && period != 0) {
                next = origin + (Math.floorDiv(now - origin, period) + 1) * period;
            }
            if ((b & (B_AIE | B_UIE)) != 0 && (b & B_SET) == 0) {
                next = Math.min(next, origin + HALF_SECOND + updatesDue(now) * HZ);
            }
        }
        if (next == Long.MAX_VALUE) {
            if (timer.armed()) {
                timer.cancel();
            }
        } else {
            long at = nanosAt(next);
            if (timer.deadline() != at) {
                timer.at(at);
            }
        }
    }

    private void timerFired() {
        long now = timeBase(clock.nanos());
        catchUp(now);
        updateIrq();
        rearm(now);
    }

    // ---- Ports -------------------------------------------------------------------------------

    @Override
    public int read(int port, int size) {
        if (port == INDEX_PORT) {
            return 0xFF; // the index register is write-only
        }
        long now = timeBase(clock.nanos());
        catchUp(now);
        int value;
        switch (index) {
            case REG_A -> value = ram[REG_A] | (uip(now) ? A_UIP : 0);
            case REG_C -> {
                value = ram[REG_C] | ((ram[REG_C] & ram[REG_B] & (C_PF | C_AF | C_UF)) != 0 ? C_IRQF : 0);
                ram[REG_C] = 0;
            }
            case REG_D -> value = D_VRT;
            default -> value = ram[index];
        }
        updateIrq();
        rearm(now);
        return value;
    }

    @Override
    public void write(int port, int size, int value) {
        value &= 0xFF;
        if (port == INDEX_PORT) {
            index = value & 0x7F;
            nmiDisabled = (value & 0x80) != 0;
            return;
        }
        long now = timeBase(clock.nanos());
        catchUp(now);
        switch (index) {
            case REG_A -> {
                boolean wasRunning = dividerRunning();
                ram[REG_A] = value & 0x7F; // UIP is read only
                if (!wasRunning && dividerRunning()) {
                    // Out of reset: the first update cycle begins half a second from now.
                    origin = now;
                    updates = 0;
                    periodicSeen = now;
                }
            }
            case REG_B -> {
                if ((value & B_SET) != 0) {
                    value &= ~B_UIE; // setting SET clears UIE
                }
                ram[REG_B] = value;
            }
            case REG_C, REG_D -> { } // read only
            default -> ram[index] = value;
        }
        updateIrq();
        rearm(now);
    }

    @Override
    public DeviceSnapshot snapshot() {
        long now = timeBase(clock.nanos());
        long pending = dividerRunning() ? Math.max(0, updatesDue(now) - updates) : 0;
        return DeviceSnapshot.of("CMOS RTC")
                .hex8("index", index).value("NMI masked", nmiDisabled)
                .value("time registers", String.format("%02X%02X-%02X-%02X %02X:%02X:%02X dow %02X",
                        ram[CENTURY], ram[YEAR], ram[MONTH], ram[DAY_OF_MONTH], ram[HOURS], ram[MINUTES],
                        ram[SECONDS], ram[DAY_OF_WEEK]))
                .value("update cycles not yet applied", pending)
                .value("alarm", String.format("%02X:%02X:%02X", ram[HOURS_ALARM], ram[MINUTES_ALARM],
                        ram[SECONDS_ALARM]))
                .hex8("A", ram[REG_A] | (uip(now) ? A_UIP : 0)).hex8("B", ram[REG_B]).hex8("C", ram[REG_C])
                .hex8("D", D_VRT).value("IRQ8", irqLevel ? 1 : 0).value("timer", timer).build();
    }
}
