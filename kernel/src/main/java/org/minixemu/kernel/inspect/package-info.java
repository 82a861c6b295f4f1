/**
 * A read-only window on the hosted kernel for debuggers and tracers: snapshots of process slots,
 * privileges, grants, page mappings and IRQ hooks, and {@link org.minixemu.kernel.inspect.KernelObserver},
 * the events the kernel reports as it runs. {@link org.minixemu.kernel.KernelInspector} makes the
 * snapshots.
 */
package org.minixemu.kernel.inspect;
