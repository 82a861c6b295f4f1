package org.minixemu.kernel.inspect;

/**
 * A driver's IRQ hook.
 *
 * @param hook the hook's index
 * @param irq the line
 * @param owner the label of the driver that set it
 * @param reenable whether the line is unmasked again at once (IRQ_REENABLE)
 */
public record IrqHookSnapshot(int hook, int irq, String owner, boolean reenable) {
}
