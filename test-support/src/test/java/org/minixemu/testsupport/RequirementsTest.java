package org.minixemu.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementsTest {
    @Test
    void somethingMissingFailsInCiAndSkipsElsewhere() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> Requirements.require(false, "no vectors", true));
        assertTrue(failed.getMessage().contains("no vectors"), failed.getMessage());
        assertThrows(TestAbortedException.class, () -> Requirements.require(false, "no vectors", false));
    }

    @Test
    void somethingPresentNeitherFailsNorSkips() {
        Requirements.require(true, "present", true);
        Requirements.require(true, "present", false);
    }
}
