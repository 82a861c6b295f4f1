package org.minixemu.devices.boot;

import java.util.List;

/** What the kernel file asks to be loaded, and where to start it (a physical address). */
record KernelImage(List<LoadSegment> segments, int entry) {
}
