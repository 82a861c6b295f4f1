package org.minixemu.devices.net;

/** {@code --net none}: a cable to nowhere. Sent frames vanish and nothing ever arrives. */
public final class NoneBackend implements NetworkBackend {
    /** The back end holds nothing, so one instance serves every card. */
    public static final NoneBackend INSTANCE = new NoneBackend();

    private NoneBackend() {
    }

    @Override
    public void send(byte[] frame, int length) {
    }

    @Override
    public int receive(byte[] buffer) {
        return -1;
    }

    @Override
    public boolean canReceive() {
        return false;
    }

    @Override
    public boolean awaitFrame(long timeoutMillis) {
        return false;
    }

    @Override
    public String describe() {
        return "none";
    }

    @Override
    public void close() {
    }
}
