package org.minixemu.devices.boot;

import java.util.ArrayList;
import java.util.List;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * One entry of the memory map the firmware reports (BIOS e820, multiboot's mmap).
 *
 * @param type {@link #AVAILABLE} or {@link #RESERVED}
 */
record MemoryRange(long base, long length, int type) {
    static final int AVAILABLE = 1;
    static final int RESERVED = 2;

    /** Where the extended BIOS data area starts: conventional memory ends here (639 KiB). */
    static final int EBDA_START = 0x9FC00;
    /** The system BIOS area, reserved whether or not a ROM is mapped there. */
    static final int BIOS_AREA_START = 0xF0000;

    /**
     * The PC memory map for {@code ramSize} bytes of RAM, as a BIOS with no ACPI tables reports it:
     * conventional memory up to 0x9FC00 available, the EBDA (0x9FC00-0x9FFFF) and the BIOS area
     * (0xF0000-0xFFFFF) reserved, and extended memory from 1 MiB to the end of RAM available.
     */
    static List<MemoryRange> pcMap(int ramSize) {
        List<MemoryRange> map = new ArrayList<>();
        map.add(new MemoryRange(0, Math.min(ramSize, EBDA_START), AVAILABLE));
        if (ramSize > EBDA_START) {
            map.add(new MemoryRange(EBDA_START, PhysicalMemoryMap.HOLE_START - EBDA_START, RESERVED));
        }
        map.add(new MemoryRange(BIOS_AREA_START, PhysicalMemoryMap.HOLE_END - BIOS_AREA_START, RESERVED));
        if (ramSize > PhysicalMemoryMap.HOLE_END) {
            map.add(new MemoryRange(PhysicalMemoryMap.HOLE_END, ramSize - (long) PhysicalMemoryMap.HOLE_END,
                    AVAILABLE));
        }
        return List.copyOf(map);
    }
}
