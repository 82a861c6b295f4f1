package org.minixemu.cpu;

/** The I/O port address space that IN, OUT, INS and OUTS reach. */
public interface IoPorts {
    /** Reads {@code size} (1, 2 or 4) bytes from {@code port}; unclaimed ports read as all ones. */
    int in(int port, int size);

    /** Writes the low {@code size} (1, 2 or 4) bytes of {@code value} to {@code port}. */
    void out(int port, int size, int value);

    /** A bus with nothing on it: reads all ones, ignores writes. */
    IoPorts NONE = new IoPorts() {
        @Override
        public int in(int port, int size) {
            return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFF;
        }

        @Override
        public void out(int port, int size, int value) {
        }
    };
}
