package org.minixemu.cli.debug;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last {@link #CAPACITY} messages the kernel delivered, and the followers ({@code ipc -f})
 * that get each new one as it happens. Written on the machine's thread; read on it too (the
 * console's commands run there), so only the follower list is shared.
 */
final class MessageLog {
    static final int CAPACITY = 1000;

    private final ArrayDeque<MessageRecord> recent = new ArrayDeque<>();
    private final List<Consumer<MessageRecord>> followers = new CopyOnWriteArrayList<>();
    private long count;

    void add(long guestNanos, String source, String destination, int ipcStatus, byte[] message) {
        MessageRecord r = new MessageRecord(++count, guestNanos, source, destination, ipcStatus, message);
        if (recent.size() == CAPACITY) {
            recent.removeFirst();
        }
        recent.addLast(r);
        for (Consumer<MessageRecord> f : followers) {
            f.accept(r);
        }
    }

    /** The last {@code n} messages, oldest first. */
    List<MessageRecord> last(int n) {
        List<MessageRecord> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Messages delivered since the debugger was attached. */
    long count() {
        return count;
    }

    /** {@code follower} gets every new message on the machine's thread; it must not block. */
    void follow(Consumer<MessageRecord> follower) {
        followers.add(follower);
    }

    void unfollow(Consumer<MessageRecord> follower) {
        followers.remove(follower);
    }
}
