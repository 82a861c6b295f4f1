package org.minixemu.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The log line of the minix-emu command, {@code minix-emu: WARN Uart16550: message}, followed by
 * the stack trace when the event carries an exception (what the pattern
 * {@code minix-emu: %level %logger{0}: %msg%n} gives). Written out instead of configured as a
 * pattern: starting logback's pattern layout (its parser and converter classes) cost about
 * 60 ms of every start of the command, and this is one line of output.
 */
public final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        line.append("minix-emu: ").append(event.getLevel()).append(' ')
                .append(simpleName(event.getLoggerName())).append(": ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    /** The logger name after its last dot: the class's simple name (logback's {@code %logger{0}}). */
    static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
