package org.minixemu.devices;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read-only view of a device's registers at one moment, for the debugger: the device's name and
 * its registers in a stable order, each formatted as the datasheet would show it.
 */
public record DeviceSnapshot(String device, Map<String, String> registers) {
    public DeviceSnapshot {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    }

    /** Builds a snapshot register by register. */
    public static Builder of(String device) {
        return new Builder(device);
    }

    /** Collects registers in the order they are added. */
    public static final class Builder {
        private final String device;
        private final Map<String, String> registers = new LinkedHashMap<>();

        private Builder(String device) {
            this.device = device;
        }

        public Builder hex8(String name, int value) {
            registers.put(name, String.format("%02X", value & 0xFF));
            return this;
        }

        public Builder hex16(String name, int value) {
            registers.put(name, String.format("%04X", value & 0xFFFF));
            return this;
        }

        public Builder value(String name, Object value) {
            registers.put(name, String.valueOf(value));
            return this;
        }

        public DeviceSnapshot build() {
            return new DeviceSnapshot(device, registers);
        }
    }
}
