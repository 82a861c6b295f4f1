package org.minixemu.cpu;

/**
 * The marks a memory keeps for {@link PhysicalMemory#watchCodeWrites}: one byte per 4 KiB page
 * of RAM, nonzero where translated code came from, and the watcher told when such a page is
 * written. A memory checks {@link #marks} on every write to RAM (one array load: the check is
 * on its hot path) and calls {@link #written} when the byte is set.
 */
public final class CodePageMarks {
    /** One byte per page from address 0; the translator sets them. */
    public final byte[] marks;
    private CodeWriteWatcher watcher;

    /** Marks for {@code ramBytes} of RAM from address 0. */
    public CodePageMarks(int ramBytes) {
        marks = new byte[(ramBytes + 4095) >>> 12];
    }

    /** Starts reporting to {@code watcher} (null: to no one); returns the marks. */
    public byte[] watch(CodeWriteWatcher watcher) {
        this.watcher = watcher;
        return marks;
    }

    /** Reports, and unmarks, the marked pages among the {@code length} bytes just written at {@code address}. */
    public void written(int address, int length) {
        if (length <= 0) {
            return;
        }
        int last = (address + length - 1) >>> 12;
        for (int page = address >>> 12; page <= last; page++) {
            if (marks[page] != 0) {
                marks[page] = 0;
                if (watcher != null) {
                    watcher.codeWritten(page << 12);
                }
            }
        }
    }
}
