package org.minixemu.cli.debug;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.minixemu.cpu.Exit;
import org.minixemu.devices.VirtualClock;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.abi.Abi;
import org.minixemu.kernel.inspect.KernelObserver;
import org.minixemu.kernel.inspect.ProcessSnapshot;

/**
 * Writes the machine's life as a Chrome trace-event JSON file (Perfetto, chrome://tracing): one
 * track (thread) per process slot; an X event per running slice; per message a short "send"
 * slice on the sender's track and a "receive" slice on the receiver's, joined by a flow arrow
 * (s/f events with the message's sequence number as id); kernel calls and IRQs as instant
 * events. Timestamps are guest time in microseconds, so a trace of a virtual-clock run is the
 * same every time, and events are written in time order.
 */
public final class TraceRecorder implements KernelObserver, AutoCloseable {
    private static final int PID = 1;
    /** Kernel tasks have negative slots; tracks need ids that are not. */
    private static final int TID_BASE = Abi.NR_TASKS + 1;

    private final Writer out;
    private final KernelInspector kernel;
    private final VirtualClock clock;
    private final TraceFilter filter;
    private final Set<Integer> namedTracks = new HashSet<>();
    private final byte[] request = new byte[Abi.MESSAGE_HEADER];
    private long messages;
    private boolean first = true;
    private IOException failure;

    /** Starts the file: {@code out} is closed by {@link #close}. */
    public TraceRecorder(Writer out, KernelInspector kernel, VirtualClock clock, TraceFilter filter) {
        this.out = new BufferedWriter(out, 1 << 16);
        this.kernel = kernel;
        this.clock = clock;
        this.filter = filter;
        write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        event("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"minix-emu\"}}");
    }

    @Override
    public boolean afterSlice(int slot, long startNanos, long endNanos, Exit exit) {
        if (filter.keeps(TraceFilter.Category.RUN)) {
            String label = label(slot);
            if (filter.keeps(label)) {
                event("{\"ph\":\"X\",\"cat\":\"run\",\"name\":" + quote(label) + ",\"pid\":1,\"tid\":" + track(slot)
                        + ",\"ts\":" + micros(startNanos) + ",\"dur\":" + micros(endNanos - startNanos) + "}");
            }
        }
        return false;
    }

    @Override
    public void messageDelivered(int receiverSlot, byte[] message, int ipcStatus) {
        long id = ++messages;
        if (!filter.keeps(TraceFilter.Category.IPC)) {
            return;
        }
        ByteBuffer m = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int source = m.getInt(Abi.M_SOURCE_OFFSET);
        String sender = kernel.labelOf(source);
        String receiver = label(receiverSlot);
        if (!filter.keeps(sender) && !filter.keeps(receiver)) {
            return;
        }
        int senderSlot = kernel.find(String.valueOf(source)).map(ProcessSnapshot::slot).orElse(receiverSlot);
        String ts = micros(clock.nanos());
        String name = quote(MessageFormatter.callName(ipcStatus) + " " + typeName(m.getInt(Abi.M_TYPE_OFFSET)));
        String args = ",\"args\":{\"from\":" + quote(sender) + ",\"to\":" + quote(receiver) + ",\"message\":"
                + quote(MessageFormatter.describe(message)) + "}";
        event("{\"ph\":\"X\",\"cat\":\"ipc\",\"name\":" + name + ",\"pid\":1,\"tid\":" + track(senderSlot) + ",\"ts\":"
                + ts + ",\"dur\":0.001" + args + "}");
        event("{\"ph\":\"s\",\"cat\":\"ipc\",\"name\":\"message\",\"id\":" + id + ",\"pid\":1,\"tid\":" + track(senderSlot)
                + ",\"ts\":" + ts + "}");
        event("{\"ph\":\"X\",\"cat\":\"ipc\",\"name\":" + name + ",\"pid\":1,\"tid\":" + track(receiverSlot) + ",\"ts\":"
                + ts + ",\"dur\":0.001" + args + "}");
        event("{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"ipc\",\"name\":\"message\",\"id\":" + id + ",\"pid\":1,\"tid\":"
                + track(receiverSlot) + ",\"ts\":" + ts + "}");
    }

    @Override
    public void kernelCall(int slot) {
        if (!filter.keeps(TraceFilter.Category.KCALL)) {
            return;
        }
        String label = label(slot);
        if (!filter.keeps(label)) {
            return;
        }
        // The request is in the caller's memory at EAX; its m_type is the call.
        String name = kernel.process(slot)
                .filter(p -> kernel.read(slot, p.registers()[0], request))
                .map(p -> Abi.nameOf(Abi.KERNEL_CALLS, ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN)
                        .getInt(Abi.M_TYPE_OFFSET)))
                .orElse("kernel call");
        event("{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"kcall\",\"name\":" + quote(name) + ",\"pid\":1,\"tid\":" + track(slot)
                + ",\"ts\":" + micros(clock.nanos()) + "}");
    }

    @Override
    public void interrupt(int irq) {
        if (filter.keeps(TraceFilter.Category.IRQ) && filter.labels().isEmpty()) {
            event("{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"irq\",\"name\":\"IRQ " + irq + "\",\"pid\":1,\"tid\":"
                    + track(Abi.HARDWARE) + ",\"ts\":" + micros(clock.nanos()) + "}");
        }
    }

    /** Ends the JSON and closes the file. */
    @Override
    public void close() throws IOException {
        write("\n]}\n");
        out.close();
        if (failure != null) {
            throw failure;
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private String label(int slot) {
        return kernel.process(slot).map(ProcessSnapshot::label).orElse("slot " + slot);
    }

    /** The track of a slot, named with its label the first time it is used. */
    private int track(int slot) {
        int tid = slot + TID_BASE;
        if (namedTracks.add(tid)) {
            event("{\"ph\":\"M\",\"pid\":1,\"tid\":" + tid + ",\"name\":\"thread_name\",\"args\":{\"name\":"
                    + quote(label(slot)) + "}}");
            event("{\"ph\":\"M\",\"pid\":1,\"tid\":" + tid + ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":"
                    + tid + "}}");
        }
        return tid;
    }

    private static String typeName(int type) {
        if (type == Abi.NOTIFY_MESSAGE) {
            return "notify";
        }
        String call = Abi.nameOf(Abi.KERNEL_CALLS, type);
        return call.startsWith("SYS_") ? call : String.format("0x%x", type);
    }

    /** Guest nanoseconds as microseconds with three decimals: exact, and no float rounding. */
    static String micros(long nanos) {
        long frac = nanos % 1000;
        return nanos / 1000 + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private void event(String json) {
        write(first ? json : ",\n" + json);
        first = false;
    }

    private void write(String s) {
        if (failure != null) {
            return;
        }
        try {
            out.write(s);
        } catch (IOException e) {
            failure = e; // reported by close(); the machine must not die of a full disk
        }
    }
}
