package org.minixemu.devices.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file being booted (kernel, module, ROM), read in pieces so that a kernel with large debug
 * sections costs only what is loaded. Every failure is a {@link BootException} naming the file.
 */
final class BootFile implements AutoCloseable {
    private final String name;
    private final FileChannel channel;
    private final long size;

    private BootFile(String name, FileChannel channel, long size) {
        this.name = name;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens {@code path} for reading; {@code label} prefixes its name in messages (e.g. "module ").
     */
    static BootFile open(Path path, String label) throws BootException {
        String name = label + path;
        if (Files.isDirectory(path)) {
            throw new BootException(name + ": is a directory, not a file");
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new BootFile(name, channel, channel.size());
        } catch (NoSuchFileException e) {
            throw new BootException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BootException(name + ": cannot read it: permission denied");
        } catch (IOException e) {
            throw new BootException(name + ": cannot read it: " + e.getMessage());
        }
    }

    /** The name to use in messages (with its label). */
    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /** A failure about this file: {@code "<name>: <problem>"}. */
    BootException problem(String problem) {
        return new BootException(name + ": " + problem);
    }

    /** Reads {@code length} bytes from {@code offset}; the caller has checked they are in the file. */
    byte[] read(long offset, int length) throws BootException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, offset + buffer.position());
                if (n < 0) {
                    throw problem("the file ended while it was being read (was it changed?)");
                }
            }
        } catch (IOException e) {
            throw problem("cannot read it: " + e.getMessage());
        }
        return buffer.array();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only: nothing was lost.
        }
    }
}
