package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.BOOTINFO_MAX_FREE;
import static org.minixemu.kernel.abi.Abi.BOOTINFO_MAX_PROCS;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_BOOTFS_BASE;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_BOOTFS_SIZE;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_FREE;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_NR_FREE;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_NR_PROCS;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_PROC_EP;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_PROC_PD;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_RAM_BYTES;
import static org.minixemu.kernel.abi.Abi.BOOT_INFO_SIZE;
import static org.minixemu.kernel.abi.Abi.PAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.VM_PHYS_WINDOW;

import java.util.List;
import org.minixemu.image.BootImage;

/**
 * The end of the boot when the image has a VM (DESIGN.md section 3a): the loader has built the
 * boot processes' page tables; now the boot partition's archive is put in RAM (PM execs programs
 * from it until a file system exists), VM's address space gets a window onto all of physical
 * RAM at {@code VM_PHYS_WINDOW}, and the picture VM needs -- free ranges, the archive, every boot
 * process's page directory -- is written as a {@code boot_info}. From then on the kernel
 * allocates nothing: the frame allocator is closed and no process owns frames the kernel would
 * release.
 */
final class VmHandover {
    private final Kernel kernel;

    VmHandover(Kernel kernel, ProcessTable table) {
        this.kernel = kernel;
    }

    /** Does the hand-over and returns the {@code boot_info} bytes GET_BOOTINFO copies out. */
    byte[] handOver(BootImage image, List<Process> bootProcesses, Process vm) {
        var ram = kernel.machine().memory();
        FrameAllocator frames = kernel.frames();
        byte[] archive = image.archive();
        int pages = Math.max(1, (archive.length + PAGE_SIZE - 1) / PAGE_SIZE);
        int bootfs = frames.allocateContiguous(pages);
        if (bootfs < 0) {
            throw new BootException(image.name() + ": not enough memory for the boot archive ("
                    + archive.length / 1024 + " KiB); give the machine more with --memory");
        }
        for (int i = 0; i < archive.length; i++) {
            ram.write8(bootfs + i, archive[i]);
        }
        long ramBytes = ram.ramSize();
        if (Integer.toUnsignedLong(VM_PHYS_WINDOW) + ramBytes > Integer.toUnsignedLong(
                org.minixemu.kernel.abi.Abi.USER_STACK_TOP) - org.minixemu.kernel.abi.Abi.USER_STACK_LIMIT) {
            throw new BootException(image.name() + ": " + (ramBytes >> 20) + " MiB of RAM do not fit VM's window at 0x"
                    + Integer.toHexString(VM_PHYS_WINDOW) + "; use less --memory");
        }
        for (long at = 0; at < ramBytes; at += PAGE_SIZE) {
            if (!vm.program.space.mapPhysical((int) (VM_PHYS_WINDOW + at), (int) at, true)) {
                throw new BootException(image.name() + ": not enough memory for VM's page tables; give the machine"
                        + " more with --memory");
            }
        }
        byte[] info = new byte[BOOT_INFO_SIZE];
        Message.putInt(info, BOOT_INFO_RAM_BYTES, (int) ramBytes);
        List<long[]> free = frames.freeRanges();
        int n = Math.min(free.size(), BOOTINFO_MAX_FREE);
        Message.putInt(info, BOOT_INFO_NR_FREE, n);
        for (int i = 0; i < n; i++) {
            Message.putInt(info, BOOT_INFO_FREE + 8 * i, (int) free.get(i)[0]);
            Message.putInt(info, BOOT_INFO_FREE + 8 * i + 4, (int) free.get(i)[1]);
        }
        Message.putInt(info, BOOT_INFO_BOOTFS_BASE, bootfs);
        Message.putInt(info, BOOT_INFO_BOOTFS_SIZE, archive.length);
        int procs = Math.min(bootProcesses.size(), BOOTINFO_MAX_PROCS);
        Message.putInt(info, BOOT_INFO_NR_PROCS, procs);
        for (int i = 0; i < procs; i++) {
            Process p = bootProcesses.get(i);
            Message.putInt(info, BOOT_INFO_PROC_EP + 4 * i, p.endpoint);
            Message.putInt(info, BOOT_INFO_PROC_PD + 4 * i, p.program.space.directory());
        }
        for (Process p : bootProcesses) {
            p.program.ownedSpace = null; // VM's now
        }
        frames.close();
        return info;
    }
}
