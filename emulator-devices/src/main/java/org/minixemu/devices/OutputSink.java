package org.minixemu.devices;

import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host end of a device's output (a UART's line, the debug port). A host write error never
 * reaches the guest: it is logged once and later output is dropped, as a disconnected cable
 * would.
 */
final class OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSink.class);

    private final String device;
    private final OutputStream out;
    private boolean failed;

    OutputSink(String device, OutputStream out) {
        this.device = device;
        this.out = out;
    }

    void write(int b) {
        if (failed) {
            return;
        }
        try {
            out.write(b);
        } catch (IOException e) {
            fail(e);
        }
    }

    void flush() {
        if (failed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        LOG.warn("{}: writing to the host failed ({}); further output is dropped", device, e.getMessage());
    }
}
