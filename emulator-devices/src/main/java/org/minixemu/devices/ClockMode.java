package org.minixemu.devices;

/** How guest time relates to the host's (DESIGN.md section 6). */
public enum ClockMode {
    /** Guest time comes from retired instructions and skips idle time: runs repeat bit for bit. */
    VIRTUAL,
    /** As VIRTUAL while the guest runs, but idle time is slept so guest time tracks the wall clock. */
    REALTIME
}
