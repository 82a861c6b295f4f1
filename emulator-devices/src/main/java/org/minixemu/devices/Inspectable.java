package org.minixemu.devices;

/** A device whose registers the debugger can show. */
public interface Inspectable {
    DeviceSnapshot snapshot();
}
