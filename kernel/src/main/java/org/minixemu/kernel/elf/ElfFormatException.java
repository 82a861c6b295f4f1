package org.minixemu.kernel.elf;

/**
 * A program file that the loader must not map. The message is one line: the program's name, a
 * colon, then what was wrong and where, e.g.
 * {@code "pong.elf: e_machine is 62 (x86-64), expected 3 (i386)"}.
 */
public final class ElfFormatException extends RuntimeException {
    private final String programName;
    private final String problem;

    ElfFormatException(String programName, String problem) {
        super(programName + ": " + problem);
        this.programName = programName;
        this.problem = problem;
    }

    /** The name the program was parsed under (the message starts with it). */
    public String programName() {
        return programName;
    }

    /** The message without the leading program name, e.g. {@code "no program headers (e_phnum is 0)"}. */
    public String problem() {
        return problem;
    }
}
