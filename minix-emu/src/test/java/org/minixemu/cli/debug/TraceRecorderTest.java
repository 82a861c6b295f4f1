package org.minixemu.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;

/** Acceptance 3 of the debugger issue: a trace of the ping-pong test. */
class TraceRecorderTest {
    static final String PING_PONG = """
            process ping {
                program ping.elf
                args @pong 100
                ipc pong
                system ABORT
            }
            process pong {
                program pong.elf
            }
            """;

    @TempDir
    Path dir;

    private String trace(TraceFilter filter) throws Exception {
        MinixSystem system = MinixSystem.boot(DebuggedSystem.image(dir, PING_PONG, "ping", "pong"),
                new MinixSystem.Options(64 << 20, ClockMode.VIRTUAL, VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND,
                        new ByteArrayOutputStream(), SerialInput.NONE, null));
        KernelInspector inspector = new KernelInspector(system.kernel());
        StringWriter json = new StringWriter();
        TraceRecorder recorder = new TraceRecorder(json, inspector, system.machine().clock(), filter);
        inspector.attach(recorder);
        KernelResult result = system.run(Duration.ofMinutes(2), Long.MAX_VALUE);
        recorder.close();
        assertEquals(KernelResult.Outcome.POWER_OFF, result.outcome(), result.message());
        assertEquals(0, result.exitStatus());
        return json.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(String json) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json)).get("traceEvents");
    }

    @Test
    void aPingPongTraceIsJsonWithOneFlowPerMessageAndTimestampsInOrder() throws Exception {
        List<Map<String, Object>> events = events(trace(TraceFilter.ALL));
        Map<Double, Integer> starts = new HashMap<>(), finishes = new HashMap<>();
        double last = -1;
        int slices = 0;
        for (Map<String, Object> e : events) {
            if (e.containsKey("ts")) {
                double ts = (Double) e.get("ts");
                assertTrue(ts >= last, "timestamps in order: " + ts + " after " + last);
                last = ts;
            }
            switch ((String) e.get("ph")) {
                case "s" -> starts.merge((Double) e.get("id"), 1, Integer::sum);
                case "f" -> finishes.merge((Double) e.get("id"), 1, Integer::sum);
                case "X" -> slices += "run".equals(e.get("cat")) ? 1 : 0;
                default -> {
                }
            }
        }
        // 100 round trips: a request and a reply each, nothing else is sent.
        assertEquals(200, starts.size());
        assertEquals(starts.keySet(), finishes.keySet());
        assertTrue(starts.values().stream().allMatch(n -> n == 1) && finishes.values().stream().allMatch(n -> n == 1));
        assertTrue(slices >= 200, "a running slice at least per message: " + slices);
        assertTrue(events.stream().anyMatch(e -> "thread_name".equals(e.get("name"))
                && "ping".equals(((Map<?, ?>) e.get("args")).get("name"))));
        assertTrue(events.stream().anyMatch(e -> "SYS_ABORT".equals(e.get("name")) && "i".equals(e.get("ph"))),
                "ping's power-off is a kernel-call instant");
    }

    @Test
    void theFilterKeepsOnlyWhatItNames() throws Exception {
        List<Map<String, Object>> events = events(trace(TraceFilter.parse("ipc")));
        assertFalse(events.stream().anyMatch(e -> "run".equals(e.get("cat")) || "irq".equals(e.get("cat"))));
        assertEquals(200, events.stream().filter(e -> "s".equals(e.get("ph"))).count());
        assertEquals(TraceFilter.ALL, TraceFilter.parse(" "));
        assertEquals(List.of("pong"), List.copyOf(TraceFilter.parse("run,pong").labels()));
    }

    @Test
    void theTestParserRejectsWhatIsNotJson() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
    }
}
