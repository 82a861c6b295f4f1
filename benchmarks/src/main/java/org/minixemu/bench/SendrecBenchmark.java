package org.minixemu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An emulated SENDREC round trip between two guest processes: {@code ping} sends a 64-byte
 * message to {@code pong} through the hosted kernel, pong transforms every payload byte and
 * replies, ping checks every byte. One operation is one round trip: two IPC traps, two message
 * copies through the page tables, two context switches, and the guest code around them.
 *
 * <p>Each invocation boots the two processes and runs {@link #ROUND_TRIPS} round trips to the
 * power-off, so the score includes a boot (a few hundred microseconds, under 1 % of it).
 * Throughput mode gives round trips per second; average-time mode nanoseconds per round trip.
 */
@State(Scope.Thread)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendrecBenchmark {
    static final int ROUND_TRIPS = 5_000;

    private static final String BOOT_CFG = """
            process ping {
                program ping.elf
                args @pong %d
                ipc pong
                system ABORT
            }
            process pong {
                program pong.elf
            }
            """.formatted(ROUND_TRIPS);

    private BootImage image;

    @Setup
    public void buildImage() throws IOException {
        Path dir = Files.createTempDirectory("sendrec-bench");
        try {
            Path cfg = Files.writeString(dir.resolve("boot.cfg"), BOOT_CFG);
            Path ping = copyResource("ping.elf", dir);
            Path pong = copyResource("pong.elf", dir);
            image = BootImage.read("sendrec.img", new ImageBuilder(cfg, List.of(ping, pong)).toBytes());
            for (Path p : List.of(cfg, ping, pong)) {
                Files.delete(p);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        try (InputStream in = SendrecBenchmark.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("guest/" + name + " is not in the jar: build systests first");
            }
            Path out = dir.resolve(name);
            Files.copy(in, out);
            return out;
        }
    }

    /** Round trips per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(ROUND_TRIPS)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int roundTripsPerSecond() {
        return pingPong();
    }

    /** Host nanoseconds per round trip. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(ROUND_TRIPS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int nanosPerRoundTrip() {
        return pingPong();
    }

    private int pingPong() {
        MinixSystem system = MinixSystem.boot(image, new MinixSystem.Options(16 << 20, ClockMode.VIRTUAL,
                VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, OutputStream.nullOutputStream(), SerialInput.NONE,
                null));
        KernelResult result = system.run(null, Long.MAX_VALUE);
        if (result.outcome() != KernelResult.Outcome.POWER_OFF || result.exitStatus() != 0) {
            throw new IllegalStateException("ping-pong failed: " + result);
        }
        try {
            system.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.exitStatus();
    }
}
