package org.minixemu.devices.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.minixemu.devices.PhysicalMemoryMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a multiboot (v1, specification 0.6.96) kernel and its modules into physical memory, as
 * {@code qemu-system-i386 -kernel} and GRUB do.
 *
 * <ul>
 *   <li>The header (magic 0x1BADB002, 4-byte aligned in the first 8 KiB, valid checksum) is
 *       required. Required-feature flags 0 (page-aligned modules) and 1 (memory information)
 *       are honoured; flag 2 (video mode) and the undefined bits 3-15 are refused.</li>
 *   <li>Flag 16 clear: the file must be an ELF32 i386 ET_EXEC; its PT_LOAD segments go to their
 *       physical addresses (p_paddr) and their BSS is zeroed. Flag 16 set: the a.out kludge, the
 *       header's address fields say what to load (any file format).</li>
 *   <li>Kernel bytes that fall in the PC hole 0xA0000-0xFFFFF are dropped, as they are on QEMU,
 *       where that range is ROM by then. GNU ld's default layout puts a read-only segment holding
 *       the ELF headers there when a kernel is linked at 1 MiB; refusing it would refuse most
 *       small kernels.</li>
 *   <li>Modules follow the kernel, each at the next 4 KiB boundary (skipping the hole when the
 *       kernel is in low memory).</li>
 *   <li>The information structure, memory map, module list, a GDT, the strings and a 4 KiB entry
 *       stack form one block
 *       (see {@link BootInfoWriter}) at the lowest 16-byte-aligned address from 0x1000 where it
 *       fits below 0x9FC00 without overlapping the kernel or a module: 0x1000 for any kernel
 *       linked above 1 MiB. Page 0 is left alone so that a kernel that unmaps it still reaches
 *       the block.</li>
 * </ul>
 *
 * Every check happens before anything is written; a failure is a {@link BootException} whose
 * message names the file and the problem.
 */
public final class MultibootLoader {
    /** The boot loader name the information structure gives. */
    public static final String BOOT_LOADER_NAME = "minix-emu";
    /** Lowest address of the boot information block. */
    public static final int BOOT_AREA_START = 0x1000;
    /** The block ends at or below this (the start of the EBDA, reserved in the memory map). */
    public static final int BOOT_AREA_END = MemoryRange.EBDA_START;

    static final int PAGE = 4096;
    private static final int COPY_CHUNK = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(MultibootLoader.class);

    private final PhysicalMemoryMap memory;

    /** A loader that writes into {@code memory}. */
    public MultibootLoader(PhysicalMemoryMap memory) {
        this.memory = memory;
    }

    private record PlacedModule(BootFile file, int start, int size, byte[] string) {
    }

    /**
     * Loads {@code kernel} with command line {@code cmdline} and {@code modules}, and returns
     * where everything went; call {@link MultibootBoot#enter} to start it.
     *
     * @param cmdline the kernel's command line; QEMU and GRUB pass the kernel's path first
     */
    public MultibootBoot load(Path kernel, String cmdline, List<BootModule> modules) throws BootException {
        List<PlacedModule> placed = new ArrayList<>();
        try (BootFile file = BootFile.open(kernel, "")) {
            byte[] head = file.read(0, (int) Math.min(file.size(), MultibootHeader.DIAGNOSTIC_LIMIT));
            MultibootHeader header = MultibootHeader.find(file, head);
            KernelImage image = header.hasAddressFields() ? AoutKludge.read(file, header) : ElfKernel.read(file, head);
            long kernelStart = Long.MAX_VALUE;
            long kernelEnd = 0;
            for (LoadSegment s : image.segments()) {
                checkFits(file, s);
                kernelStart = Math.min(kernelStart, s.address());
                kernelEnd = Math.max(kernelEnd, s.end());
            }

            long next = kernelEnd;
            for (BootModule m : modules) {
                PlacedModule pm = placeModule(m, next);
                placed.add(pm);
                next = (long) pm.start() + pm.size();
            }

            List<MultibootBoot.LoadedModule> loaded = new ArrayList<>();
            byte[][] strings = new byte[placed.size()][];
            for (int i = 0; i < placed.size(); i++) {
                PlacedModule pm = placed.get(i);
                loaded.add(new MultibootBoot.LoadedModule(pm.start(), pm.start() + pm.size(), modules.get(i).string()));
                strings[i] = pm.string();
            }
            BootInfoWriter info = new BootInfoWriter(memory.ramSize(), utf8(cmdline), loaded, strings,
                    utf8(BOOT_LOADER_NAME));
            int base = placeBootInfo(file, image.segments(), placed, info.size());

            for (LoadSegment s : image.segments()) {
                copySegment(file, s);
            }
            for (PlacedModule pm : placed) {
                copy(pm.file(), 0, pm.size(), pm.start());
            }
            memory.writeBytes(base, info.build(base), 0, info.size());
            LOG.debug("{}: loaded 0x{}-0x{}, entry 0x{}, boot information at 0x{}", file.name(),
                    Long.toHexString(kernelStart), Long.toHexString(kernelEnd), Integer.toHexString(image.entry()),
                    Integer.toHexString(base));
            return new MultibootBoot(image.entry(), base, base + info.gdtOffset(), base + info.stackTopOffset(),
                    kernelStart, kernelEnd,
                    List.copyOf(loaded));
        } finally {
            placed.forEach(pm -> pm.file().close());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- placement -------------------------------------------------------------------------

    /** A kernel segment may cover RAM and the PC hole (whose bytes are dropped), nothing else. */
    private void checkFits(BootFile file, LoadSegment s) throws BootException {
        long from = s.address();
        long to = s.end();
        if (to > 1L << 32) {
            throw file.problem(String.format("%s at 0x%08X (0x%X bytes) wraps past the 4 GiB address space",
                    s.what(), from, s.memSize()));
        }
        long ram = memory.ramSize();
        long top = Math.max(ram, PhysicalMemoryMap.HOLE_END);
        long gapStart = Math.min(ram, PhysicalMemoryMap.HOLE_START);
        boolean inGap = from < PhysicalMemoryMap.HOLE_START && to > gapStart;
        if (to > top || inGap) {
            throw file.problem(String.format("%s at 0x%08X-0x%08X does not fit in RAM (%s, up to 0x%08X)",
                    s.what(), from, to - 1, describeSize(ram), ram - 1));
        }
        if (from < PhysicalMemoryMap.HOLE_END && to > PhysicalMemoryMap.HOLE_START) {
            LOG.debug("{}: the part of {} in the PC hole 0xA0000-0xFFFFF is not loaded", file.name(), s.what());
        }
    }

    private PlacedModule placeModule(BootModule m, long after) throws BootException {
        BootFile file = BootFile.open(m.file(), "module ");
        try {
            long size = file.size();
            long start = alignUp(after, PAGE);
            if (start < PhysicalMemoryMap.HOLE_END && start + size > BOOT_AREA_END) {
                start = PhysicalMemoryMap.HOLE_END;
            }
            long ram = memory.ramSize();
            if (start + size > ram) {
                throw file.problem(String.format("%d bytes do not fit in RAM (%s) after the kernel: they would"
                        + " end at 0x%X", size, describeSize(ram), start + size - 1));
            }
            return new PlacedModule(file, (int) start, (int) size, utf8(m.string()));
        } catch (BootException e) {
            file.close();
            throw e;
        }
    }

    /** The lowest 16-byte-aligned place from {@link #BOOT_AREA_START} that nothing else covers. */
    private int placeBootInfo(BootFile file, List<LoadSegment> segments, List<PlacedModule> modules, int size)
            throws BootException {
        List<long[]> taken = new ArrayList<>();
        segments.forEach(s -> taken.add(new long[] {s.address(), s.end()}));
        modules.forEach(m -> taken.add(new long[] {m.start(), (long) m.start() + m.size()}));
        long limit = Math.min(BOOT_AREA_END, memory.ramSize());
        List<Long> candidates = new ArrayList<>();
        candidates.add((long) BOOT_AREA_START);
        taken.forEach(r -> candidates.add(alignUp(r[1], 16)));
        candidates.sort(Comparator.naturalOrder());
        for (long c : candidates) {
            if (c < BOOT_AREA_START || c + size > limit) {
                continue;
            }
            boolean free = taken.stream().noneMatch(r -> r[0] < c + size && c < r[1]);
            if (free) {
                return (int) c;
            }
        }
        throw file.problem(String.format("no room for the boot information (%d bytes) between 0x%X and 0x%X:"
                + " the kernel and modules cover it", size, BOOT_AREA_START, limit));
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private static String describeSize(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    // ---- copying -------------------------------------------------------------------------

    private void copySegment(BootFile file, LoadSegment s) throws BootException {
        copy(file, s.fileOffset(), s.fileSize(), (int) s.address());
        long bss = s.memSize() - s.fileSize();
        if (bss > 0) {
            memory.fill((int) (s.address() + s.fileSize()), (int) bss, 0);
        }
    }

    private void copy(BootFile file, long offset, long length, int address) throws BootException {
        for (long done = 0; done < length; done += COPY_CHUNK) {
            int n = (int) Math.min(COPY_CHUNK, length - done);
            memory.writeBytes((int) (address + done), file.read(offset + done, n), 0, n);
        }
    }
}
