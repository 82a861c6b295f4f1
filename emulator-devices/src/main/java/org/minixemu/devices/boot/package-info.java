/**
 * Booting: the multiboot v1 loader ({@link org.minixemu.devices.boot.MultibootLoader}) that
 * {@code minix-emu run --kernel} uses, and BIOS ROM mapping
 * ({@link org.minixemu.devices.boot.BiosRom}) for {@code minix-emu run --bios}. Bad input is a
 * checked {@link org.minixemu.devices.boot.BootException} with a one-line message.
 */
package org.minixemu.devices.boot;
