package org.minixemu.cli.debug;

/** A console command was given bad arguments; the message says what and how to use it. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
