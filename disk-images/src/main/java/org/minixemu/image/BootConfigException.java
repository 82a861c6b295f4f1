package org.minixemu.image;

/**
 * A boot.cfg that does not follow the grammar (docs/boot-image.md). The message is
 * {@code FILE:LINE: what was wrong, what was expected}, e.g.
 * {@code "boot.cfg:7: 'priority' must be 0..15, got 20"}; a problem that belongs to no one line
 * (an empty file) is {@code FILE: ...}. The kernel raises its own boot.cfg errors (an unknown
 * kernel-call name) through {@link BootConfig#problem} so that they read the same.
 */
public final class BootConfigException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    /** {@code line} is 1-based; 0 for a problem of the whole file. */
    public BootConfigException(String file, int line, String problem) {
        super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The file as named in the message, e.g. {@code "boot.cfg"} or {@code "disk.img: boot.cfg"}. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is the whole file's. */
    public int line() {
        return line;
    }

    /** The message without the file and line. */
    public String problem() {
        return problem;
    }
}
