package org.minixemu.cli.debug;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.VirtualClock;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import org.minixemu.kernel.inspect.KernelObserver;

/**
 * A system booted from {@code systests/} programs on the virtual clock, with a debugger attached
 * and the kernel running on a thread of its own, as {@code minix-emu boot --debug-port} runs it.
 */
final class DebuggedSystem implements AutoCloseable {
    /** A system of ping and pong (COUNT round trips), keeper as a signal manager and hello (a sleeper) it manages. */
    static final String PING_PONG_KEEPER = """
            process keeper {
                program keeper.elf
                system BASIC GETKSIG ENDKSIG
                priority 3
            }
            process hello {
                program sleeper.elf
                sigmgr keeper
                priority 3
            }
            process ping {
                program ping.elf
                args @pong COUNT
                ipc pong
                system ABORT
            }
            process pong {
                program pong.elf
            }
            """;

    final MinixSystem system;
    final DebugController debugger;
    private final ByteArrayOutputStream console;
    private final Thread runner;
    private volatile KernelResult result;

    private DebuggedSystem(MinixSystem system, ByteArrayOutputStream console, boolean stopped,
            List<KernelObserver> more) {
        this.system = system;
        this.console = console;
        KernelInspector inspector = new KernelInspector(system.kernel());
        this.debugger = new DebugController(inspector, system.machine());
        if (stopped) {
            debugger.startStopped();
        }
        List<KernelObserver> all = new ArrayList<>(more);
        all.add(debugger);
        inspector.attach(ObserverChain.of(all));
        runner = new Thread(() -> {
            result = system.run(Duration.ofMinutes(5), Long.MAX_VALUE);
            debugger.machineEnded(result.exitStatus(), result.message());
        }, "machine");
        runner.setDaemon(true);
    }

    /** Boots {@code config} (with {@code programs} from systests/target) and starts it, stopped if asked. */
    static DebuggedSystem boot(Path dir, String config, boolean stopped, List<KernelObserver> observers,
            String... programs) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        MinixSystem system = MinixSystem.boot(image(dir, config, programs), new MinixSystem.Options(64 << 20,
                ClockMode.VIRTUAL, VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND, console, SerialInput.NONE, null));
        DebuggedSystem d = new DebuggedSystem(system, console, stopped, observers);
        d.runner.start();
        if (stopped) {
            // Let the machine thread reach its first stop before anyone attaches, so that its
            // "stopped:" report goes to no one instead of racing a client's first command. This
            // waits for the host's thread, not for guest time.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!d.debugger.isStopped()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the machine thread did not reach its first stop in 60 s");
                }
                Thread.onSpinWait();
            }
        }
        return d;
    }

    /** What the guest and the kernel printed so far. */
    String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static BootImage image(Path dir, String config, String... programs) {
        List<Path> files = new ArrayList<>();
        for (String p : programs) {
            files.add(program(p));
        }
        try {
            Path cfg = dir.resolve("boot.cfg");
            Files.writeString(cfg, config, StandardCharsets.UTF_8);
            return BootImage.read("disk.img", new ImageBuilder(cfg, files).toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A guest program: NAME from systests/target, or MODULE/NAME from that C module's target
     * folder (servers/pm, drivers/hellodrv, commands/init).
     */
    static Path program(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return programsFolder().resolve(name + ".elf");
        }
        String root = System.getProperty("minixemu.root");
        Path folder = Path.of(root == null ? ".." : root).resolve(name.substring(0, slash)).resolve("target");
        Assumptions.assumeTrue(Files.isDirectory(folder), "guest programs not built: " + folder);
        return folder.resolve(name.substring(slash + 1) + ".elf");
    }

    static Path programsFolder() {
        String root = System.getProperty("minixemu.root");
        Path folder = Path.of(root == null ? ".." : root).resolve("systests/target");
        Assumptions.assumeTrue(Files.isDirectory(folder), "guest programs not built: " + folder);
        return folder;
    }

    /** Waits for the machine to end (the test's own limit is JUnit's timeout). */
    KernelResult awaitEnd() throws InterruptedException {
        runner.join();
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        if (runner.isAlive()) {
            debugger.call(() -> {
                debugger.powerOff();
                return null;
            });
            runner.join(10_000);
        }
    }
}
