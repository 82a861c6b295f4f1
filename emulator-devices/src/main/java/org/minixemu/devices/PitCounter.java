package org.minixemu.devices;

/**
 * One counter of the Intel 8254 ({@link Pit8254}), written from the datasheet (order number
 * 231164). It never ticks: the state of the counting element (CE) and of OUT at any input-clock
 * pulse is a function of the pulse number and of a few values fixed when the counter was last
 * loaded, as in TinyEMU's PIT. Time here is counted in CLK pulses since power-on; pulse {@code k}
 * is "tick k".
 *
 * <p>A loaded counter is described by a <em>segment</em>: the tick {@code base} on which the CE
 * was loaded with {@code start} (phase 0), and for the one-shot modes whether the terminal count
 * is still ahead ({@code armed}). Before {@code base}, and whenever the counter does not count
 * (no count yet, gate low), the CE holds {@code held} and OUT holds {@code outHeld}. A count
 * written in modes 2 and 3 while counting takes effect only at the end of the current period or
 * half-period; it waits as a pending segment that starts at {@code switchTick}.
 *
 * <p>Only a counter that drives an interrupt line walks through its OUT transitions one by one
 * ({@link #advance}); the others are evaluated at the moment they are read.
 */
final class PitCounter {
    static final long NEVER = Long.MAX_VALUE;

    private final int number;
    /** The interrupt line OUT drives, or null. */
    private final IrqLine line;

    // Programming: the last control word and count register.
    /** Bits 5-0 of the last control word, exactly as written (the status byte returns them). */
    private int control = 0x30;
    /** Effective mode 0-5 (the datasheet's 6 and 7 are 2 and 3). */
    private int mode;
    /** RW1 RW0: 1 = LSB only, 2 = MSB only, 3 = LSB then MSB. */
    private int access = 3;
    private boolean bcd;
    /** 65536 in binary, 10000 in BCD: the value a count of 0 stands for. */
    private int range = 0x10000;
    private int countRegister;
    private boolean countWritten;
    private boolean writeMsbNext;
    private int writeLsb;
    private boolean readMsbNext;

    // The output latch: a latched status byte, then up to two latched count bytes.
    private boolean statusLatched;
    private int statusLatch;
    private int latchedBytes;
    private int countLatch;

    private boolean gate;

    // The counting element.
    private boolean counting;
    private long base;
    private int start;
    private boolean armed;
    private int held;
    private boolean outHeld = true;
    /** NULL COUNT reads 1 before this tick: the last count written is not in the CE yet. */
    private long loadTick;

    // A count written in mode 2 or 3 during counting (datasheet: loaded at the end of the period
    // in mode 2, at the end of the current half-cycle in mode 3).
    private boolean pending;
    private long switchTick;
    private int nextStart;
    private long nextBase;

    // OUT as last driven onto the line, and the tick up to which transitions were driven.
    private boolean lineLevel = true;
    private long cursor;

    /**
     * A counter at power-on. The datasheet leaves mode, count and OUT undefined then; we start as
     * a mode 0 counter whose count has run out: OUT high, CE 0, nothing scheduled. The line is
     * taken to be high already, so power-on is not an interrupt.
     *
     * @param line the input OUT drives, or null
     * @param gate the GATE input's level (tied high on the PC for counters 0 and 1)
     */
    PitCounter(int number, IrqLine line, boolean gate) {
        this.number = number;
        this.line = line;
        this.gate = gate;
    }

    int number() {
        return number;
    }

    // ---- Evaluation: pure functions of the tick --------------------------------------------

    private long baseAt(long t) {
        return pending && t >= switchTick ? nextBase : base;
    }

    private int startAt(long t) {
        return pending && t >= switchTick ? nextStart : start;
    }

    /** The CE at tick {@code t} (not before the last event processed), from 0 to {@code range}. */
    int countAt(long t) {
        long b = baseAt(t);
        if (!counting || t < b) {
            return held;
        }
        long p = t - b;
        int s = startAt(t);
        switch (mode) {
            case 2:
                // Decrements from s to 1; on the pulse after 1 the count is reloaded (phase 0).
                return s - (int) (p % s);
            case 3: {
                // Each half-cycle counts down by two from s (even) or s - 1 (odd); an odd count
                // stays high one pulse longer, so the high half is (s + 1) / 2 pulses.
                int phase = (int) (p % s);
                int half = (s + 1) / 2;
                int top = (s & 1) == 0 ? s : s - 1;
                return top - 2 * (phase < half ? phase : phase - half);
            }
            default:
                // Modes 0, 1, 4, 5 keep counting through the terminal count and wrap around.
                return (int) Math.floorMod(s - p, (long) range);
        }
    }

    /** OUT at tick {@code t}. */
    boolean outAt(long t) {
        long b = baseAt(t);
        if (!counting || t < b) {
            return outHeld;
        }
        long p = t - b;
        int s = startAt(t);
        switch (mode) {
            case 0:
            case 1:
                // Low from the load until the count reaches zero, then high until reprogrammed.
                return !armed || p >= s;
            case 2:
                // Low for the one pulse on which the CE holds 1. A count of 1 is illegal in
                // mode 2; we keep OUT high rather than produce a pulse train with no high time.
                return s == 1 || p % s != s - 1;
            case 3:
                return p % s < (s + 1) / 2;
            default:
                // Modes 4 and 5: a single low strobe on the pulse on which the CE reaches zero.
                return !armed || p != s;
        }
    }

    /** The first tick after {@code c} on which OUT changes, within the current segment. */
    private long nextTransitionAfter(long c) {
        if (!counting) {
            return NEVER;
        }
        if (c < base) {
            if (outAt(base) != outHeld) {
                return base;
            }
            c = base;
        }
        long p = c - base;
        long dp;
        switch (mode) {
            case 0:
            case 1:
                if (!armed || p >= start) {
                    return NEVER;
                }
                dp = start - p;
                break;
            case 2: {
                if (start == 1) {
                    return NEVER;
                }
                long phase = p % start;
                dp = phase < start - 1 ? start - 1 - phase : 1;
                break;
            }
            case 3: {
                if (start == 1) {
                    return NEVER;
                }
                long phase = p % start;
                long half = (start + 1) / 2;
                dp = phase < half ? half - phase : start - phase;
                break;
            }
            default:
                if (!armed || p > start) {
                    return NEVER;
                }
                dp = p < start ? start - p : 1;
                break;
        }
        return c + dp;
    }

    /** The next tick on which {@link #advance} has work (an OUT change or a pending reload). */
    long nextEvent() {
        if (line == null) {
            return NEVER;
        }
        long e = nextTransitionAfter(cursor);
        return pending ? Math.min(e, switchTick) : e;
    }

    boolean nullCount(long t) {
        return t < loadTick;
    }

    // ---- Time passing ---------------------------------------------------------------------

    /**
     * Processes everything up to tick {@code t}: a pending mode 2/3 reload that is due, and, for
     * a counter with a line, every OUT change in order (so a late call still delivers each edge).
     */
    void advance(long t) {
        if (line == null) {
            if (pending && switchTick <= t) {
                applySwitch();
            }
            return;
        }
        while (true) {
            long e = nextEvent();
            if (e > t) {
                break;
            }
            if (pending && switchTick == e) {
                applySwitch();
            }
            cursor = e;
            drive(outAt(e));
        }
        if (t > cursor) {
            cursor = t;
        }
    }

    private void applySwitch() {
        base = nextBase;
        start = nextStart;
        pending = false;
    }

    /** After a change made at tick {@code t}: OUT may have changed at once. */
    private void settle(long t) {
        if (line != null) {
            cursor = t;
            drive(outAt(t));
        }
    }

    private void drive(boolean level) {
        if (level != lineLevel) {
            lineLevel = level;
            line.set(level);
        }
    }

    // ---- Programming ----------------------------------------------------------------------

    /** A control word for this counter (RW != 00): mode, access and BCD. */
    void writeControl(int value, long t) {
        advance(t);
        // "When a Control Word is written to a Counter, all Control Logic is immediately reset
        // and OUT goes to a known initial state": low in mode 0, high in every other mode.
        held = countAt(t);
        control = value & 0x3F;
        access = (value >> 4) & 3;
        int m = (value >> 1) & 7;
        mode = m > 5 ? m - 4 : m;
        bcd = (value & 1) != 0;
        range = bcd ? 10000 : 0x10000;
        held = Math.floorMod(held, range);
        counting = false;
        pending = false;
        armed = false;
        outHeld = mode != 0;
        countWritten = false;
        writeMsbNext = false;
        readMsbNext = false;
        // Reprogramming discards latched data (the datasheet: the latch holds "until it is read
        // or the Counter is reprogrammed").
        latchedBytes = 0;
        statusLatched = false;
        loadTick = NEVER;
        settle(t);
    }

    /** A write to the counter's data port: one byte of the count. */
    void writeData(int value, long t) {
        advance(t);
        value &= 0xFF;
        switch (access) {
            case 1 -> loadCount(value, t);
            case 2 -> loadCount(value << 8, t);
            default -> {
                if (!writeMsbNext) {
                    writeLsb = value;
                    writeMsbNext = true;
                    if (mode == 0) {
                        // Mode 0: "writing the first byte disables counting; OUT is set low
                        // immediately (no clock pulse required)".
                        held = countAt(t);
                        counting = false;
                        pending = false;
                        outHeld = false;
                    }
                } else {
                    writeMsbNext = false;
                    loadCount(writeLsb | value << 8, t);
                }
            }
        }
        settle(t);
    }

    /**
     * The count enters the counting element on the next CLK pulse: counting starts there if GATE
     * is high; with GATE low the value is held until the gate (or, in modes 1 and 5, a trigger)
     * lets it count.
     */
    private void loadOnNextPulse(long t, int n) {
        loadTick = t + 1;
        if (gate) {
            counting = true;
            base = t + 1;
            start = n;
        } else {
            counting = false;
            held = n;
        }
    }

    /** A whole count has been written; when it reaches the CE depends on the mode. */
    private void loadCount(int raw, long t) {
        countRegister = raw;
        countWritten = true;
        int n = decode(raw);
        switch (mode) {
            case 0, 4 -> {
                // Loaded on the next CLK pulse, which does not decrement: OUT changes N + 1
                // pulses after the write. Mode 0 drives OUT low until then; mode 4 leaves it.
                boolean out = mode == 0 ? false : outAt(t);
                held = countAt(t);
                outHeld = out;
                pending = false;
                armed = true;
                loadOnNextPulse(t, n);
            }
            case 2, 3 -> {
                if (counting && t >= base) {
                    // The current period (mode 2) or half-cycle (mode 3) runs to its end first.
                    long phase = (t - base) % start;
                    boolean toLowHalf = false;
                    if (mode == 2) {
                        switchTick = t + (start - phase);
                    } else {
                        long half = (start + 1) / 2;
                        toLowHalf = phase < half;
                        switchTick = t + (toLowHalf ? half - phase : start - phase);
                    }
                    pending = true;
                    nextStart = n;
                    // A reload at the end of the high half starts the new count's low half.
                    nextBase = toLowHalf ? switchTick - (n + 1) / 2 : switchTick;
                    loadTick = switchTick;
                } else {
                    // Not counting yet (or not loaded yet): the CE keeps its value until the load.
                    outHeld = true;
                    pending = false;
                    loadOnNextPulse(t, n);
                }
            }
            default -> {
                // Modes 1 and 5 load the count only on a trigger (a rising edge of GATE), so
                // NULL COUNT stays set until then.
                loadTick = NEVER;
            }
        }
    }

    /** The GATE input. Only counter 2's moves on the PC (port 0x61 bit 0). */
    void setGate(boolean high, long t) {
        if (high == gate) {
            return;
        }
        advance(t);
        gate = high;
        if (high) {
            gateRose(t);
        } else {
            gateFell(t);
        }
        settle(t);
    }

    private void gateRose(long t) {
        if (!countWritten) {
            return;
        }
        switch (mode) {
            case 0, 4 -> {
                // Level-sensitive: counting resumes from the held value.
                if (!counting) {
                    counting = true;
                    base = Math.max(t, loadTick == NEVER ? t : loadTick);
                    start = held;
                }
            }
            default -> {
                // A trigger: the count register is loaded on the next pulse (modes 1, 2, 3, 5;
                // mode 1 drives OUT low from that pulse, the others start high).
                boolean out = mode == 1 || mode == 5 ? outAt(t) : true;
                held = countAt(t);
                outHeld = out;
                pending = false;
                counting = true;
                armed = true;
                base = t + 1;
                start = decode(countRegister);
                if (loadTick > t + 1) {
                    loadTick = t + 1;
                }
            }
        }
    }

    private void gateFell(long t) {
        switch (mode) {
            case 0, 4 -> {
                if (counting) {
                    boolean out = outAt(t);
                    if (t >= base) {
                        long p = t - base;
                        armed = armed && p < start;
                        held = armed ? (int) (start - p) : countAt(t);
                    } else {
                        held = start;
                    }
                    outHeld = out;
                    counting = false;
                }
            }
            case 2, 3 -> {
                // Counting stops and OUT goes high at once; the next trigger reloads the count.
                held = countAt(t);
                counting = false;
                pending = false;
                outHeld = true;
            }
            default -> { } // modes 1 and 5 react to rising edges only
        }
    }

    // ---- Reading --------------------------------------------------------------------------

    /** The counter latch command: the CE is copied to the output latch, unless one is pending. */
    void latchCount(long t) {
        advance(t);
        if (latchedBytes == 0) {
            countLatch = encode(countAt(t));
            latchedBytes = access == 3 ? 2 : 1;
        }
    }

    /** Read-back with STATUS = 0: OUTPUT, NULL COUNT and the programmed mode bits. */
    void latchStatus(long t) {
        advance(t);
        if (!statusLatched) {
            statusLatch = (outAt(t) ? 0x80 : 0) | (nullCount(t) ? 0x40 : 0) | control;
            statusLatched = true;
        }
    }

    /** A read of the data port: a latched status first, then latched count bytes, else the CE. */
    int readData(long t) {
        advance(t);
        if (statusLatched) {
            statusLatched = false;
            return statusLatch;
        }
        if (latchedBytes > 0) {
            int value = countLatch;
            if (access == 3 && latchedBytes == 2) {
                latchedBytes = 1;
                return value & 0xFF;
            }
            latchedBytes = 0;
            return access == 2 || access == 3 ? value >>> 8 : value & 0xFF;
        }
        int value = encode(countAt(t));
        switch (access) {
            case 1:
                return value & 0xFF;
            case 2:
                return value >>> 8;
            default:
                readMsbNext = !readMsbNext;
                return readMsbNext ? value & 0xFF : value >>> 8;
        }
    }

    // ---- Number formats -------------------------------------------------------------------

    /** A count as written: 0 stands for 65536 (binary) or 10000 (BCD). */
    private int decode(int raw) {
        int n = raw;
        if (bcd) {
            n = ((raw >> 12) & 15) * 1000 + ((raw >> 8) & 15) * 100 + ((raw >> 4) & 15) * 10 + (raw & 15);
        }
        return n == 0 ? range : n;
    }

    /** A CE value as the data port shows it. */
    private int encode(int value) {
        int v = Math.floorMod(value, range);
        if (!bcd) {
            return v;
        }
        return (v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10;
    }

    // ---- Debugger view --------------------------------------------------------------------

    void describe(DeviceSnapshot.Builder b, long t) {
        String p = "counter " + number + " ";
        b.value(p + "mode", mode + (bcd ? " BCD" : " binary") + switch (access) {
            case 1 -> ", LSB only";
            case 2 -> ", MSB only";
            default -> ", LSB then MSB";
        });
        b.hex16(p + "count register", countRegister);
        b.hex16(p + "CE", encode(countAt(t)));
        b.value(p + "OUT", outAt(t) ? 1 : 0);
        b.value(p + "GATE", gate ? 1 : 0);
        b.value(p + "null count", nullCount(t) ? 1 : 0);
        b.value(p + "latch", (statusLatched ? "status " : "") + (latchedBytes > 0
                ? String.format("count %04X (%d byte%s)", countLatch, latchedBytes, latchedBytes > 1 ? "s" : "")
                : statusLatched ? "" : "none"));
    }
}
