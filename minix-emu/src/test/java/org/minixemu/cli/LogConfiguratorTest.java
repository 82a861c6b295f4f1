package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
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
        PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, appender.getEncoder());
        assertEquals("minix-emu: %level %logger{0}: %msg%n", encoder.getPattern());
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
    void theCommandsLoggingIsThisConfiguration() {
        // logback found the configurator through META-INF/services (no logback.xml is left).
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertInstanceOf(ConsoleAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }
}
