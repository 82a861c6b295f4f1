package org.minixemu.cli.debug;

/**
 * One delivered message, as the console's {@code ipc} shows it.
 *
 * @param sequence its number since the debugger was attached (1, 2, ...)
 * @param guestNanos when it was delivered, in guest time
 * @param source the sender's label
 * @param destination the receiver's label
 * @param ipcStatus the call that delivered it (SEND, SENDREC, NOTIFY, SENDA; with the kernel flag)
 * @param message the 64 bytes (a copy)
 */
public record MessageRecord(long sequence, long guestNanos, String source, String destination, int ipcStatus,
        byte[] message) {
    public MessageRecord {
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /** One line: number, time, who to whom, how, and the decoded message. */
    public String format() {
        return String.format("#%d %.6fs %s -> %s %s %s", sequence, guestNanos / 1e9, source, destination,
                MessageFormatter.callName(ipcStatus), MessageFormatter.describe(message));
    }
}
