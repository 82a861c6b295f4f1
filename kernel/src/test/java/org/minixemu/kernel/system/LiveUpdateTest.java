package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minixemu.kernel.KernelResult;

/**
 * Issue 13: live update. hello is replaced by its second version and keeps its endpoint and
 * open counter; lusoak updates a stateful service 200 times back and forth while a client
 * keeps asking, nothing lost or answered twice, the whole table intact; lurollback shows a new
 * version that fails its init and a prepare that never completes both leave the old version
 * serving with its state; lutest checks the request's refusals.
 */
class LiveUpdateTest {
    /** The default image's system plus the stateful test service, with init running {@code initArgs}. */
    private static String config(String initArgs) {
        return GuestTests.defaultImageConfig(initArgs).replace("process init {", """
                process lusvc {
                    program lusvc.elf
                    ipc ALL
                    sigmgr rs
                }
                process init {""").replace("ipc pm vm rs ds vfs hello testsvc", "ipc pm vm rs ds vfs hello testsvc lusvc");
    }

    @TempDir
    Path dir;

    private GuestSystem system(String initArgs) {
        return GuestTests.withDefaultPrograms(new GuestSystem(dir).config(config(initArgs))
                        .diskFile(dir.resolve("minix.img"), 0))
                .programsFrom("drivers", "hellodrv2", "lusvc", "lusvc2", "lusvcbad")
                .guestLimit(600_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lutest", "lurollback", "lusoak"})
    void aLiveUpdateGuestTestPassesEveryCheck(String program) {
        GuestSystem.Run run = system(program + " poweroff").boot();
        GuestTests.assertPassed(run, program);
    }

    @Test
    void helloIsUpdatedToItsSecondVersionAndKeepsItsEndpointAndCounter() {
        GuestSystem.Run run = system("service,list hello service,update,hello,hellodrv2.elf hello service,list poweroff")
                .boot();
        List<String> lines = run.lines();
        assertTrue(lines.contains("Hello, World!"), run.console());
        assertTrue(lines.contains("open count 1"), run.console());
        assertTrue(lines.contains("Hello, new World!"), "the next read returns the new greeting:\n" + run.console());
        assertTrue(lines.contains("open count 2"), "the open counter carries over:\n" + run.console());
        List<String> endpoints = lines.stream().filter(l -> l.matches("hello +\\d+ running .*"))
                .map(l -> l.split(" +")[1]).toList();
        assertEquals(2, endpoints.size(), "service list ran before and after the update:\n" + run.console());
        assertEquals(endpoints.get(0), endpoints.get(1), "the endpoint is unchanged:\n" + run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
    }
}
