package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The start-up preload names classes that exist: a rename must not make it load nothing. */
class StartupPreloadTest {
    @Test
    void everyPreloadedClassExists() {
        for (String name : StartupPreload.classes()) {
            assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), name);
        }
    }
}
