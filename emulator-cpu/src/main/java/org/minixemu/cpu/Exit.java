package org.minixemu.cpu;

/**
 * The reason {@link Cpu#run(long)} stopped. One instance belongs to each CPU and is reused on every
 * return, so that leaving the interpreter allocates nothing: read it before calling {@code run}
 * again.
 */
public final class Exit {
    private ExitKind kind = ExitKind.BUDGET;
    private int vector;
    private int errorCode;
    private int faultAddress;

    Exit set(ExitKind kind, int vector, int errorCode, int faultAddress) {
        this.kind = kind;
        this.vector = vector;
        this.errorCode = errorCode;
        this.faultAddress = faultAddress;
        return this;
    }

    public ExitKind kind() {
        return kind;
    }

    /** Interrupt or exception vector, for SOFTWARE_INTERRUPT and EXCEPTION; otherwise 0. */
    public int vector() {
        return vector;
    }

    /** The error code the exception pushed, or 0 when it pushes none. */
    public int errorCode() {
        return errorCode;
    }

    /** CR2 for a page fault; otherwise 0. */
    public int faultAddress() {
        return faultAddress;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SOFTWARE_INTERRUPT -> "SOFTWARE_INTERRUPT vector=0x" + Integer.toHexString(vector);
            case EXCEPTION -> "EXCEPTION vector=" + vector + " error=0x" + Integer.toHexString(errorCode)
                    + " address=0x" + Integer.toHexString(faultAddress);
            default -> kind.name();
        };
    }
}
