package org.minixemu.devices;

/**
 * One Intel 8259A programmable interrupt controller, written from the datasheet: the
 * initialization sequence ICW1-ICW4, the operation commands OCW1 (mask), OCW2 (EOI and rotation)
 * and OCW3 (register select, poll, special mask), edge- or level-triggered requests, fully nested
 * priority with rotation, automatic EOI, and the spurious IR7 of an acknowledge with nothing left
 * to serve. Two of them make the PC's controller pair ({@link InterruptControllers}).
 */
public final class Pic8259 implements Inspectable {
    private final String name;
    /** Interrupt request, in-service and mask registers. */
    int irr;
    int isr;
    int imr;
    /** Input levels, to detect rising edges. */
    private int lines;
    private int vectorBase;
    /** The IR input of the lowest priority (priority rotates after it). */
    private int lowestPriority = 7;
    private boolean levelTriggered;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialMask;
    private boolean readIsr;
    private boolean poll;
    private boolean specialFullyNested;
    private boolean singleMode;
    /** ICW3: the master's slave mask, or a slave's identity. */
    private int cascade;
    /** 0: initialized; 2, 3, 4: the ICW the next data-port write is. */
    private int expecting;
    private boolean needsIcw4;

    public Pic8259(String name) {
        this.name = name;
    }

    /** Drives input {@code n} (0-7). */
    void setLine(int n, boolean high) {
        int bit = 1 << n;
        if (high) {
            if (levelTriggered || (lines & bit) == 0) {
                irr |= bit;
            }
            lines |= bit;
        } else {
            lines &= ~bit;
            if (levelTriggered) {
                irr &= ~bit;
            }
        }
    }

    private int priority(int n) {
        return (n - lowestPriority - 1) & 7;
    }

    /** The highest-priority set bit of {@code bits}, or -1. */
    private int highest(int bits) {
        int best = -1;
        for (int n = 0; n < 8; n++) {
            if ((bits & (1 << n)) != 0 && (best < 0 || priority(n) < priority(best))) {
                best = n;
            }
        }
        return best;
    }

    /** The request this chip would present now, or -1 (the INT output is high when it is >= 0). */
    int pending() {
        int request = highest(irr & ~imr);
        if (request < 0) {
            return -1;
        }
        int masked = specialMask ? isr & ~imr : isr;
        // In special fully nested mode a master lets a slave's further requests through.
        if (specialFullyNested && (cascade & isr) != 0) {
            masked &= ~cascade;
        }
        int inService = highest(masked);
        return inService < 0 || priority(request) < priority(inService) ? request : -1;
    }

    /** The interrupt-acknowledge cycle for this chip: returns the IR served (7 when spurious). */
    int acknowledge() {
        int request = pending();
        if (request < 0) {
            return 7; // spurious: the vector of IR7, with no in-service bit set
        }
        int bit = 1 << request;
        if (!levelTriggered) {
            irr &= ~bit;
        }
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                lowestPriority = request;
            }
        } else {
            isr |= bit;
        }
        return request;
    }

    int vector(int ir) {
        return (vectorBase & 0xF8) | ir;
    }

    boolean isCascadeInput(int ir) {
        return !singleMode && (cascade & (1 << ir)) != 0;
    }

    /** A write to the command port (A0 = 0): ICW1, OCW2 or OCW3. */
    void writeCommand(int value) {
        if ((value & 0x10) != 0) {
            // ICW1 starts initialization: masks cleared, priority reset, edge detection rearmed.
            levelTriggered = (value & 0x08) != 0;
            singleMode = (value & 0x02) != 0;
            needsIcw4 = (value & 0x01) != 0;
            imr = 0;
            isr = 0;
            irr = levelTriggered ? lines : 0;
            lines = levelTriggered ? lines : 0;
            lowestPriority = 7;
            specialMask = false;
            readIsr = false;
            poll = false;
            autoEoi = false;
            specialFullyNested = false;
            expecting = 2;
        } else if ((value & 0x08) == 0) {
            ocw2(value);
        } else {
            ocw3(value);
        }
    }

    private void ocw2(int value) {
        int command = value >>> 5;
        int level = value & 7;
        switch (command) {
            case 1, 5 -> { // non-specific EOI, and with rotation
                // In special mask mode a masked in-service bit is not the one a non-specific EOI
                // ends (8259A datasheet, special mask mode).
                int served = highest(isr & ~(specialMask ? imr : 0));
                if (served >= 0) {
                    isr &= ~(1 << served);
                    if (command == 5) {
                        lowestPriority = served;
                    }
                }
            }
            case 3, 7 -> { // specific EOI, and with rotation
                isr &= ~(1 << level);
                if (command == 7) {
                    lowestPriority = level;
                }
            }
            case 4 -> rotateOnAutoEoi = true;
            case 0 -> rotateOnAutoEoi = false;
            case 6 -> lowestPriority = level; // set priority
            default -> { } // 2: no operation
        }
    }

    private void ocw3(int value) {
        if ((value & 0x02) != 0) {
            readIsr = (value & 0x01) != 0;
        }
        poll = (value & 0x04) != 0;
        if ((value & 0x40) != 0) {
            specialMask = (value & 0x20) != 0;
        }
    }

    /** A write to the data port (A0 = 1): the next ICW during initialization, else OCW1 (IMR). */
    void writeData(int value) {
        switch (expecting) {
            case 2 -> {
                vectorBase = value & 0xF8;
                expecting = singleMode ? (needsIcw4 ? 4 : 0) : 3;
            }
            case 3 -> {
                cascade = value & 0xFF;
                expecting = needsIcw4 ? 4 : 0;
            }
            case 4 -> {
                autoEoi = (value & 0x02) != 0;
                specialFullyNested = (value & 0x10) != 0;
                expecting = 0;
            }
            default -> imr = value & 0xFF;
        }
    }

    /** A read of the command port: the poll word after a poll command, else IRR or ISR. */
    int readCommand(InterruptControllers pair) {
        if (poll) {
            poll = false;
            int ir = pair.pollAcknowledge(this);
            return ir < 0 ? 0 : 0x80 | ir;
        }
        return readIsr ? isr : irr;
    }

    int readData() {
        return imr;
    }

    @Override
    public DeviceSnapshot snapshot() {
        return DeviceSnapshot.of(name).hex8("IRR", irr).hex8("ISR", isr).hex8("IMR", imr)
                .hex8("vector base", vectorBase).value("lowest priority", lowestPriority)
                .value("trigger", levelTriggered ? "level" : "edge").value("auto EOI", autoEoi)
                .value("special mask", specialMask).value("read", readIsr ? "ISR" : "IRR")
                .value("initialized", expecting == 0).build();
    }
}
