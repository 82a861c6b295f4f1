package org.minixemu.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.minixemu.testsupport.Processes;
import java.time.Duration;

/**
 * Turns 16-bit AT&T assembly into machine code with the host's GNU as ({@code as --32}, the
 * source under {@code .code16}, then {@code objcopy -O binary}), so that test programs are
 * written as text and their encodings come from an independent assembler. 32-bit operands and
 * addresses come out with the 0x66 and 0x67 prefixes, as in real mode.
 *
 * <p>Results are cached in memory and under {@code target/asm-cache}, keyed by a hash of the
 * source; nothing is written outside {@code target/}.
 */
final class Assembler {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
    private static final Path CACHE_DIR = TestPaths.target().resolve("asm-cache");

    private Assembler() {
    }

    /** Assembles {@code source} (AT&T syntax, 16-bit code) and returns the bytes of .text. */
    static byte[] assemble(String source) {
        return CACHE.computeIfAbsent(source, Assembler::assembleUncached).clone();
    }

    private static byte[] assembleUncached(String source) {
        String text = ".code16\n.text\n" + source + "\n";
        try {
            Files.createDirectories(CACHE_DIR);
            String key = sha256(text);
            Path binary = CACHE_DIR.resolve(key + ".bin");
            if (Files.exists(binary)) {
                return Files.readAllBytes(binary);
            }
            Path asm = CACHE_DIR.resolve(key + ".s");
            Path object = CACHE_DIR.resolve(key + ".o");
            Path temporary = CACHE_DIR.resolve(key + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(asm, text);
            run(List.of("as", "--32", "-o", object.toString(), asm.toString()), "GNU as", text);
            run(List.of("objcopy", "-O", "binary", "-j", ".text", object.toString(), temporary.toString()),
                    "objcopy", text);
            Files.move(temporary, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(object);
            return Files.readAllBytes(binary);
        } catch (IOException e) {
            throw new IllegalStateException("assembling failed: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static void run(List<String> command, String tool, String source) throws IOException {
        Processes.Result r;
        try {
            r = Processes.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new IllegalStateException(tool + " (" + command.get(0) + ") was not found on the PATH; these "
                    + "tests assemble their programs with GNU binutils, so install binutils (as, objcopy)", e);
        }
        if (r.status() != 0) {
            throw new IllegalStateException(tool + " failed (exit " + r.status() + "):\n" + r.stdout()
                    + "\nsource:\n" + source);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
