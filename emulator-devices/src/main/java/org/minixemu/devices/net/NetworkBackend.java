package org.minixemu.devices.net;

import java.io.Closeable;

/**
 * The host side of the network card: where transmitted frames go and received frames come from.
 * Frames are whole Ethernet frames from the destination address on, without preamble and
 * without FCS (as QEMU's and libpcap's frames are).
 *
 * <p>Nothing here blocks the machine except {@link #awaitFrame}, which the machine calls only
 * when the guest is idle. The card polls {@link #receive} at slice boundaries (DESIGN.md
 * section 6), so host frames enter the guest at points fixed by virtual time. Every call comes
 * from the machine's thread.
 */
public interface NetworkBackend extends Closeable {
    /**
     * Puts one frame on the network: the first {@code length} bytes of {@code frame}. Never
     * blocks; a frame the host cannot take is dropped, as frames are on a busy Ethernet.
     */
    void send(byte[] frame, int length);

    /**
     * Takes the next frame that has arrived, without blocking: copies as much of it as fits into
     * {@code buffer} and returns its whole length (which may exceed {@code buffer.length}), or -1
     * when nothing is waiting.
     */
    int receive(byte[] buffer);

    /** Whether a frame can ever arrive; false for {@code none}. */
    boolean canReceive();

    /**
     * Waits up to {@code timeoutMillis} of wall-clock time (0: do not wait) until a frame may be
     * waiting, for a machine whose guest is idle. True means "call {@link #receive} now"; it can
     * be a false alarm (a socket error also wakes it), so receive decides. Returns false at once
     * when {@link #canReceive} is false.
     */
    boolean awaitFrame(long timeoutMillis);

    /** How the user named this back end, for messages and the debugger ("none", "udp:..."). */
    String describe();

    /** Releases the host resources (sockets, files). Never throws. */
    @Override
    void close();
}
