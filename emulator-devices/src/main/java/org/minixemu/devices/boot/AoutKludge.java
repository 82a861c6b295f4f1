package org.minixemu.devices.boot;

import java.util.List;

/**
 * The multiboot "a.out kludge": with flag 16 set, the header's own address fields say what to
 * load, whatever the file format. The bytes from file offset
 * {@code header offset - (header_addr - load_addr)} go to {@code load_addr}, up to
 * {@code load_end_addr} (0: the rest of the file); zeroes follow up to {@code bss_end_addr} (0:
 * no BSS); execution starts at {@code entry_addr}. All addresses are physical.
 */
final class AoutKludge {
    private AoutKludge() {
    }

    static KernelImage read(BootFile file, MultibootHeader h) throws BootException {
        long headerAddr = h.headerAddr() & 0xFFFFFFFFL;
        long loadAddr = h.loadAddr() & 0xFFFFFFFFL;
        long loadEnd = h.loadEndAddr() & 0xFFFFFFFFL;
        long bssEnd = h.bssEndAddr() & 0xFFFFFFFFL;
        if (loadAddr > headerAddr) {
            throw file.problem(String.format("bad multiboot header: load_addr 0x%X is above header_addr 0x%X",
                    loadAddr, headerAddr));
        }
        long fileOffset = h.offset() - (headerAddr - loadAddr);
        if (fileOffset < 0) {
            throw file.problem(String.format("bad multiboot header: header_addr - load_addr (0x%X) is more than the"
                    + " header's offset in the file (0x%X)", headerAddr - loadAddr, h.offset()));
        }
        long fileSize;
        if (loadEnd == 0) {
            fileSize = file.size() - fileOffset;
        } else {
            if (loadEnd < loadAddr) {
                throw file.problem(String.format("bad multiboot header: load_end_addr 0x%X is below load_addr 0x%X",
                        loadEnd, loadAddr));
            }
            fileSize = loadEnd - loadAddr;
            if (fileOffset + fileSize > file.size()) {
                throw file.problem(String.format("truncated: load_addr..load_end_addr asks for 0x%X bytes from file"
                        + " offset 0x%X, but the file has %d bytes", fileSize, fileOffset, file.size()));
            }
        }
        long memSize = fileSize;
        if (bssEnd != 0) {
            if (bssEnd < loadAddr + fileSize) {
                throw file.problem(String.format("bad multiboot header: bss_end_addr 0x%X is below the end of the"
                        + " loaded image 0x%X", bssEnd, loadAddr + fileSize));
            }
            memSize = bssEnd - loadAddr;
        }
        if (memSize == 0) {
            throw file.problem("the multiboot header's address fields describe an empty image");
        }
        return new KernelImage(List.of(new LoadSegment("the a.out-kludge image", fileOffset, fileSize, loadAddr,
                memSize)), h.entryAddr());
    }
}
