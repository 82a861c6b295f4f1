package org.minixemu.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The host ends of the machine's output devices, as {@code --serial} and {@code --debugcon} name
 * them: {@code stdio} (standard output), {@code none} (discarded, or no device for the debug
 * port), or a file, created or truncated. Two options naming the same file share one stream, so
 * their bytes interleave in order.
 */
final class HostOutputs implements AutoCloseable {
    /** An output that cannot be opened; the message is one line naming the option and file. */
    static final class OpenException extends Exception {
        OpenException(String message) {
            super(message);
        }
    }

    private final OutputStream stdout;
    private final Map<Path, OutputStream> files = new HashMap<>();
    private final Map<OutputStream, String> opened = new HashMap<>();

    HostOutputs(OutputStream stdout) {
        this.stdout = stdout;
    }

    /**
     * The stream for {@code spec} given to {@code option}; null for {@code none} when
     * {@code noneMeansAbsent}, a discarding stream otherwise.
     */
    OutputStream open(String option, String spec, boolean noneMeansAbsent) throws OpenException {
        if (spec.equals("stdio")) {
            return stdout;
        }
        if (spec.equals("none")) {
            return noneMeansAbsent ? null : OutputStream.nullOutputStream();
        }
        // QEMU's chardev spelling, file:PATH, and a bare PATH name the same file.
        String name = spec.startsWith("file:") ? spec.substring("file:".length()) : spec;
        Path path;
        try {
            path = Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new OpenException(option + " " + spec + ": not a valid file name");
        }
        OutputStream shared = files.get(path);
        if (shared != null) {
            return shared;
        }
        try {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path));
            files.put(path, out);
            opened.put(out, spec);
            return out;
        } catch (NoSuchFileException e) {
            throw new OpenException(option + " " + spec + ": cannot write it: its folder does not exist");
        } catch (AccessDeniedException e) {
            throw new OpenException(option + " " + spec + ": cannot write it: permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new OpenException(option + " " + spec + ": cannot write it: " + reason);
        } catch (IOException e) {
            throw new OpenException(option + " " + spec + ": cannot write it: " + e.getMessage());
        }
    }

    /** Flushes standard output and closes the files; a file that cannot be finished is logged as a warning. */
    @Override
    public void close() {
        try {
            stdout.flush();
        } catch (IOException e) {
            // Standard output is gone (a closed pipe): nothing more to do.
        }
        opened.forEach((out, name) -> {
            try {
                out.close();
            } catch (IOException e) {
                LoggerFactory.getLogger(HostOutputs.class)
                        .warn("{}: could not finish writing it: {}", name, e.getMessage());
            }
        });
    }
}
