package org.minixemu.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The logging of the minix-emu command, set up in code (logback finds this class through
 * {@code META-INF/services}): parsing an XML configuration cost about a fifth of a second of
 * every start. stdout belongs to the emulated machine's console, so log lines go to stderr,
 * and only warnings and errors unless asked: {@code MINIXEMU_LOG=debug} (environment) or
 * {@code -Dminixemu.log=debug} sets the level. A logback configuration file given with
 * {@code -Dlogback.configurationFile} still takes over.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogProblemReporter problems = new LogProblemReporter(System.err);
        context.getStatusManager().getCopyOfStatusList().forEach(problems::addStatusEvent);
        context.getStatusManager().add(problems);
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level());
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level asked for by property, then environment; WARN when neither names one. */
    static Level level() {
        String asked = System.getProperty("minixemu.log");
        if (asked == null || asked.isBlank()) {
            asked = System.getenv("MINIXEMU_LOG");
        }
        return Level.toLevel(asked, Level.WARN);
    }
}
