package org.minixemu.cpu.conformance;

/** The test data could not be used: a missing folder, an unreadable or malformed file. */
public final class ConformanceException extends Exception {
    public ConformanceException(String message) {
        super(message);
    }

    public ConformanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
