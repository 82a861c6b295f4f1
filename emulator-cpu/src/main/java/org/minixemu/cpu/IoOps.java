package org.minixemu.cpu;

/** IN and OUT through the I/O port interface. */
final class IoOps {
    private IoOps() {
    }

    /**
     * In protected mode at CPL > IOPL, and always in virtual-8086 mode, the TSS's I/O permission
     * bitmap decides.
     */
    static void checkPermission(Cpu c, int port, int size) {
        if (c.protectedMode() && (c.v86() || c.cpl > c.iopl())) {
            TaskSwitch.checkIoPermission(c, port, size);
        }
    }

    static void in(Cpu c, int port, int size) {
        checkPermission(c, port, size);
        int value = c.io.in(port, size);
        switch (size) {
            case 1 -> c.setReg8(Cpu.EAX, value);
            case 2 -> c.setReg16(Cpu.EAX, value);
            default -> c.regs[Cpu.EAX] = value;
        }
    }

    static void out(Cpu c, int port, int size) {
        checkPermission(c, port, size);
        int value = c.regs[Cpu.EAX];
        c.io.out(port, size, size == 1 ? value & 0xFF : size == 2 ? value & 0xFFFF : value);
    }
}
