package org.minixemu.cli.debug;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.function.Function;
import org.minixemu.kernel.abi.Abi;

/**
 * Decodes a message by its type: the type's name and the fields that type uses. Notifications,
 * page faults and kernel-call requests are known from the ABI; any other type is shown in the
 * mess_1 layout (i1 i2 i3 p1 p2 p3), which is what most requests use, plus its first payload bytes.
 * A server's protocol gets its own entry in {@link #DECODERS} when the server exists.
 */
final class MessageFormatter {
    private MessageFormatter() {
    }

    /** Type -> what to print after the type's name. */
    private static final Map<Integer, Function<ByteBuffer, String>> DECODERS = Map.of(
            Abi.NOTIFY_MESSAGE, m -> String.format("NOTIFY_MESSAGE arg=0x%x ticks=%d", m.getInt(Abi.NOTIFY_ARG_OFFSET),
                    m.getInt(Abi.NOTIFY_TIMESTAMP_OFFSET)),
            Abi.VM_PAGEFAULT, m -> String.format("VM_PAGEFAULT address=0x%08x error=0x%x", m.getInt(Abi.M1_I1),
                    m.getInt(Abi.M1_I2)));

    /** The type and its decoded fields, e.g. {@code NOTIFY_MESSAGE arg=0x0 ticks=12}. */
    static String describe(byte[] message) {
        ByteBuffer m = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int type = m.getInt(Abi.M_TYPE_OFFSET);
        Function<ByteBuffer, String> decoder = DECODERS.get(type);
        if (decoder != null) {
            return decoder.apply(m);
        }
        String name = requestName(type);
        int p = Abi.MESSAGE_HEADER;
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            raw.append(String.format("%02x", message[p + i] & 0xFF));
        }
        return String.format("%s i1=%d i2=%d i3=%d p1=0x%x p2=0x%x p3=0x%x bytes=%s...", name, m.getInt(p),
                m.getInt(p + 4), m.getInt(p + 8), m.getInt(p + 12), m.getInt(p + 16), m.getInt(p + 20), raw);
    }

    /**
     * The name of a request type that says what it is by itself: kernel calls and the VM, RS and
     * DS requests (0x600 and up). POSIX call numbers to PM are small numbers that replies use
     * too, so they stay numbers.
     */
    private static String requestName(int type) {
        for (Map<String, Integer> group : java.util.List.of(Abi.KERNEL_CALLS, Abi.VM_CALLS, Abi.RS_REQUESTS,
                Abi.DS_REQUESTS)) {
            String name = Abi.nameOf(group, type);
            if (!name.startsWith("0x") && !Character.isDigit(name.charAt(0)) && name.charAt(0) != '-') {
                return name;
            }
        }
        return String.format("type 0x%x", type);
    }

    /** The IPC call of a receive status word, e.g. SENDREC, or NOTIFY; "(kernel)" when the kernel sent it. */
    static String callName(int status) {
        String name = Abi.nameOf(Abi.IPC_CALLS, status & ~Abi.IPC_FLG_MSG_FROM_KERNEL);
        return (status & Abi.IPC_FLG_MSG_FROM_KERNEL) != 0 ? name + "(kernel)" : name;
    }
}
