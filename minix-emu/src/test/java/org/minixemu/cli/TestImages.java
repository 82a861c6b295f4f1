package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minixemu.testsupport.Requirements;

/** Disk images for the boot tests, made with {@code image build} from a boot.cfg and systests programs. */
final class TestImages {
    /**
     * A driver on COM1 that answers each line typed with "console: got: LINE" and powers off
     * (status 0) on "quit" (systests/console).
     */
    static final String CONSOLE = """
            process console {
                program console.elf
                system IRQCTL DEVIO ABORT
                io 3f8:8
                irq 4
            }
            """;

    private TestImages() {
    }

    static Path root() {
        return Path.of(System.getProperty("minixemu.root", ".."));
    }

    static Path program(String name) {
        Path p = root().resolve("systests/target/" + name + ".elf");
        Requirements.require(Files.exists(p), "guest programs not built: " + p);
        return p;
    }

    /** Builds {@code dir/NAME} from {@code bootCfg} and the named systests programs. */
    static Path build(Path dir, String name, String bootCfg, String... programs) throws IOException {
        Path cfg = Files.writeString(dir.resolve(name + ".cfg"), bootCfg, StandardCharsets.UTF_8);
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("image", "build", "--config", cfg.toString(), "--out",
                out.toString()));
        for (String p : programs) {
            args.add(program(p).toString());
        }
        CommandRun build = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, build.status(), build.err());
        return out;
    }

    /** The console image. */
    static Path console(Path dir) throws IOException {
        return build(dir, "console.img", CONSOLE, "console");
    }
}
