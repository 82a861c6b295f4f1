package org.minixemu.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.InputStreamSerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.ata.DiskImageException;
import org.minixemu.image.BootImage;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a user waits for after {@code minix-emu boot}, in host time: the default image booted
 * from its file (the 13 boot processes, init, the shell at its prompt), then {@code shutdown}
 * typed at the prompt and the power-off. One operation is one such boot, on the virtual clock,
 * in a JVM that has booted before (the JVM's own start is in docs/benchmarks.md's whole-process
 * figures). The image is {@code disk-images/target/minix.img}, or the file the system property
 * {@code minixemu.defaultImage} names.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BootBenchmark {
    private Path imageFile;
    private BootImage image;

    @Setup
    public void findImage() {
        imageFile = Path.of(System.getProperty("minixemu.defaultImage", "disk-images/target/minix.img"));
        if (!Files.isRegularFile(imageFile)) {
            throw new IllegalStateException("BootBenchmark: no default image at " + imageFile.toAbsolutePath()
                    + "; build it with 'mvn -B -DskipTests package' or name one with -Dminixemu.defaultImage=FILE");
        }
        image = BootImage.open(imageFile);
    }

    @Benchmark
    public int bootToPromptAndShutdown() {
        DiskImage disk;
        try {
            disk = DiskImage.open(imageFile, DiskImage.Mode.SNAPSHOT);
        } catch (DiskImageException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        InputStreamSerialInput input = new InputStreamSerialInput("COM1",
                new ByteArrayInputStream("shutdown\n".getBytes(StandardCharsets.US_ASCII)));
        MinixSystem system = MinixSystem.boot(image, new MinixSystem.Options(64 << 20, ClockMode.VIRTUAL,
                VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, OutputStream.nullOutputStream(), input, disk));
        // As `minix-emu boot` with piped input: a line is offered once the shell reads, and
        // the UART lets it go when the machine idles waiting for it.
        org.minixemu.devices.Uart16550 com1 = system.machine().com1();
        com1.setHostPacing(true);
        com1.setLinePacing(true);
        system.machine().setIdleListener(now -> {
            if (com1.waitingForInput()) {
                com1.releaseHeldInput();
            }
        });
        KernelResult result = system.run(null, Long.MAX_VALUE);
        if (result.outcome() != KernelResult.Outcome.POWER_OFF || result.exitStatus() != 0) {
            throw new IllegalStateException("the default image did not power off after shutdown: " + result);
        }
        try {
            system.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.exitStatus();
    }
}
