package org.minixemu.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled code shared by every CPU in the JVM, found by what it was compiled from: the block's
 * bytes, its EIP and CS.D. A {@link BlockCode} holds no state of its own (it works on the
 * {@link Cpu} it is given), so two machines that run the same program at the same addresses --
 * every boot of the same image, the test suites' many boots, the benchmarks' -- share one class
 * per block instead of compiling it again.
 */
final class CompiledCodeCache {
    /** Past this many entries the cache starts again empty (a bound on the classes it keeps alive). */
    static final int CAPACITY = 20_000;

    private static final ConcurrentHashMap<Key, BlockCode> CODE = new ConcurrentHashMap<>();

    private CompiledCodeCache() {
    }

    /**
     * What a block's code depends on: its entry EIP, CS.D, and the bytes its instructions span,
     * the first of which is at EIP {@code first} (a block that follows a jump backwards starts
     * its span before its entry).
     */
    record Key(int eip, boolean code32, byte[] bytes, int first) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.eip == eip && k.first == first && k.code32 == code32
                    && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return ((Arrays.hashCode(bytes) * 31 + eip) * 31 + first) * 2 + (code32 ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Key[eip=" + Integer.toHexString(eip) + ", code32=" + code32 + ", " + bytes.length
                    + " bytes from " + Integer.toHexString(first) + "]";
        }
    }

    /**
     * The key of a block entered at {@code eip} whose {@code length} bytes start at RAM index
     * {@code start}, EIP {@code first}.
     */
    static Key key(byte[] ram, int start, int length, int eip, boolean code32, int first) {
        return new Key(eip, code32, Arrays.copyOfRange(ram, start, start + length), first);
    }

    static BlockCode find(Key key) {
        return CODE.get(key);
    }

    static void put(Key key, BlockCode code) {
        if (CODE.size() >= CAPACITY) {
            CODE.clear();
        }
        CODE.put(key, code);
    }
}
