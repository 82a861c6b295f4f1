package org.minixemu.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a timeout: a positive number of seconds, fractions allowed ({@code 10}, {@code 0.5}). */
final class TimeoutConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds");
        }
        if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(365L * 24 * 3600)) > 0) {
            throw new TypeConversionException("'" + value + "' must be more than 0 seconds and at most a year");
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    /** How a timeout reads in messages: "2", "0.5". */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
