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
 * Host nanoseconds per IPC operation between two guest processes ({@code systests/ipcbench}),
 * with as little guest code around each operation as the C library allows, so the score is
 * the kernel's and the CPU loop's cost. Each invocation boots the two processes and runs a
 * fixed number of operations to the power-off; the boot is well under 1 % of it.
 *
 * <ul>
 *   <li>{@code nullSendrec}: a SENDREC round trip whose payload nobody touches (about 52 guest
 *       instructions; the payload kind is {@link SendrecBenchmark})</li>
 *   <li>{@code notify}: NOTIFY the server and RECEIVE its NOTIFY back</li>
 *   <li>{@code contextSwitch}: a one-way SEND to the server blocked in RECEIVE; every message
 *       switches to the server and back</li>
 *   <li>{@code safecopy4k}, {@code safecopy1m}: one SAFECOPYFROM kernel call through a direct
 *       grant of 4 KiB or 1 MiB</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IpcBenchmark {
    static final int OPERATIONS = 20_000;
    static final int LARGE_COPIES = 1_000;

    private BootImage nullSendrec;
    private BootImage notify;
    private BootImage contextSwitch;
    private BootImage safecopy4k;
    private BootImage safecopy1m;

    @Setup
    public void buildImages() throws IOException {
        nullSendrec = image("null", OPERATIONS);
        notify = image("notify", OPERATIONS);
        contextSwitch = image("send", OPERATIONS);
        safecopy4k = image("copy4k", OPERATIONS);
        safecopy1m = image("copy1m", LARGE_COPIES);
    }

    private static BootImage image(String mode, int count) throws IOException {
        String cfg = """
                process client {
                    program ipcbench.elf
                    args client @server %s %d
                    ipc server
                    system ABORT
                }
                process server {
                    program ipcbench.elf
                    args server
                    ipc client
                    system SAFECOPYFROM
                }
                """.formatted(mode, count);
        return GuestImages.build("ipcbench-" + mode + ".img", cfg, "ipcbench.elf");
    }

    /** A SENDREC round trip with no payload work. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public int nullSendrec() {
        return GuestImages.bootToPowerOff(nullSendrec);
    }

    /** A NOTIFY and the NOTIFY back. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public int notifyRoundTrip() {
        return GuestImages.bootToPowerOff(notify);
    }

    /** A one-way SEND to a blocked receiver: a process switch there and back. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public int contextSwitch() {
        return GuestImages.bootToPowerOff(contextSwitch);
    }

    /** SAFECOPYFROM of 4 KiB through a grant. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public int safecopy4k() {
        return GuestImages.bootToPowerOff(safecopy4k);
    }

    /** SAFECOPYFROM of 1 MiB through a grant. */
    @Benchmark
    @OperationsPerInvocation(LARGE_COPIES)
    public int safecopy1m() {
        return GuestImages.bootToPowerOff(safecopy1m);
    }
}
