package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command's logging: stderr, one line format, WARN unless asked. */
class LogConfiguratorTest {
    @AfterEach
    void clear() {
        System.clearProperty("minixemu.log");
    }

    private static ch.qos.logback.classic.Logger configuredRoot() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
        return context.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void logsWarningsAndErrorsToStandardErrorByDefault() {
        ch.qos.logback.classic.Logger root = configuredRoot();
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> appender = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", appender.getTarget());
    }

    /** What the STDERR appender writes for {@code event}. */
    @SuppressWarnings("unchecked")
    private static String written(ch.qos.logback.classic.Logger root, ILoggingEvent event) {
        ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        Encoder<ILoggingEvent> encoder = appender.getEncoder();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void aLineNamesTheLevelTheClassAndTheMessage() {
        ch.qos.logback.classic.Logger root = configuredRoot();
        ch.qos.logback.classic.Logger uart = root.getLoggerContext().getLogger("org.minixemu.devices.Uart16550");
        LoggingEvent event = new LoggingEvent(getClass().getName(), uart, Level.WARN, "port {} ignored", null,
                new Object[] {"0x3f9"});
        assertEquals("minix-emu: WARN Uart16550: port 0x3f9 ignored" + System.lineSeparator(), written(root, event));
    }

    @Test
    void anExceptionAddsItsStackTraceAfterTheLine() {
        ch.qos.logback.classic.Logger root = configuredRoot();
        ch.qos.logback.classic.Logger main = root.getLoggerContext().getLogger(Main.class);
        LoggingEvent event = new LoggingEvent(getClass().getName(), main, Level.DEBUG, "command failed",
                new IllegalStateException("the disk is gone"), null);
        String[] lines = written(root, event).split(System.lineSeparator());
        assertTrue(lines.length > 2, "no stack trace after the line: " + String.join("/", lines));
        assertEquals("minix-emu: DEBUG Main: command failed", lines[0]);
        assertEquals("java.lang.IllegalStateException: the disk is gone", lines[1]);
        assertTrue(lines[2].strip().startsWith("at org.minixemu.cli.LogConfiguratorTest."), lines[2]);
    }

    @Test
    void thePropertySetsTheLevel() {
        System.setProperty("minixemu.log", "debug");
        assertEquals(Level.DEBUG, configuredRoot().getLevel());
    }

    @Test
    void aLevelThatIsNoneStaysAtWarn() {
        System.setProperty("minixemu.log", "loud");
        assertEquals(Level.WARN, configuredRoot().getLevel());
    }

    @Test
    void logbacksOwnWarningsAndErrorsArePrintedAsOneLineEachAndTheRestIsNot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LogProblemReporter reporter = new LogProblemReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        reporter.addStatusEvent(new InfoStatus("all is well", this));
        reporter.addStatusEvent(new WarnStatus("no such appender", this));
        reporter.addStatusEvent(new ErrorStatus("cannot open", this,
                new IOException("disk full")));
        assertEquals("minix-emu: logging: no such appender" + System.lineSeparator()
                + "minix-emu: logging: cannot open (java.io.IOException: disk full)" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theConfigurationListensForLogbacksProblems() {
        // With a listener registered logback skips its own end-of-start status printer.
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        assertTrue(context.getStatusManager().getCopyOfStatusListenerList().stream()
                .anyMatch(LogProblemReporter.class::isInstance));
    }

    @Test
    void theCommandsLoggingIsThisConfiguration() {
        // logback found the configurator through META-INF/services (no logback.xml is left).
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertInstanceOf(ConsoleAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }
}
