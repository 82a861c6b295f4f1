package org.minixemu.devices.boot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A module to load beside the kernel, and the string the kernel will find with it in the module
 * list (often its name and arguments).
 */
public record BootModule(Path file, String string) {
    /** Checks both are given. */
    public BootModule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(string, "string");
    }
}
