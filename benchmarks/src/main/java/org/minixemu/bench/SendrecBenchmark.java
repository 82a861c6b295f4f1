package org.minixemu.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.minixemu.image.BootImage;
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
        image = GuestImages.build("sendrec.img", BOOT_CFG, "ping.elf", "pong.elf");
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
        return GuestImages.bootToPowerOff(image);
    }
}
