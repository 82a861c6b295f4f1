package org.minixemu.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a RAM size: a whole number of bytes, or of KiB, MiB or GiB with a K, M or G suffix
 * ({@code 64M}, {@code 512K}, {@code 1G}, {@code 33554432}). The size must be a multiple of 4 KiB,
 * at least 2 MiB, and at most 2047 MiB: guest RAM is one Java byte array, and no Java array holds
 * 2 GiB.
 */
final class MemorySizeConverter implements ITypeConverter<Integer> {
    static final long MIN = 2L << 20;
    static final long MAX = 2047L << 20;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([KMG]?)");

    @Override
    public Integer convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size (examples: 64M, 512K, 1G, 33554432)");
        }
        long bytes = Long.parseLong(m.group(1)) << switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        if (bytes < MIN) {
            throw new TypeConversionException("'" + value + "' is less than the minimum of 2 MiB");
        }
        if (bytes > MAX) {
            throw new TypeConversionException("'" + value + "' is more than the maximum of 2047 MiB"
                    + " (guest RAM is one Java array)");
        }
        if (bytes % 4096 != 0) {
            throw new TypeConversionException("'" + value + "' is not a multiple of 4 KiB");
        }
        return (int) bytes;
    }
}
