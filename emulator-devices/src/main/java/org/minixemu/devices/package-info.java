/**
 * The PC around the CPU: physical memory ({@link org.minixemu.devices.PhysicalMemoryMap}), the I/O
 * port bus ({@link org.minixemu.devices.IoBus}) and the devices on it, wired together by
 * {@link org.minixemu.devices.PcMachine}. Devices know nothing of MINIX; they log through slf4j.
 */
package org.minixemu.devices;
