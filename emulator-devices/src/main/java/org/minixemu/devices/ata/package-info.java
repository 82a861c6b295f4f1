/**
 * The ATA (IDE) disk controller in PIO mode ({@link org.minixemu.devices.ata.AtaChannel}) and the
 * raw disk images behind it ({@link org.minixemu.devices.ata.DiskImage}, with the
 * {@code --snapshot} {@link org.minixemu.devices.ata.CopyOnWriteOverlay}). Command timing runs on
 * the machine's virtual clock.
 */
package org.minixemu.devices.ata;
