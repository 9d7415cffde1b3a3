package org.credrelay.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging of the launcher's own JVM (the embedded PostgreSQL's output and the launcher's
 * libraries): at INFO to {@code launcher.log} beside the services' logs, and to the console as well
 * only with {@code --verbose}. Without this, Logback's default would print every DEBUG line.
 */
final class LauncherLogging {

  static final String FILE_NAME = "launcher.log";
  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level [launcher] %logger{36} : %msg%n";

  private LauncherLogging() {}

  static void configure(Path logDirectory, boolean verbose) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setFile(logDirectory.resolve(FILE_NAME).toString());
    root.addAppender(started(file, context, "file"));
    if (verbose) {
      root.addAppender(started(new ConsoleAppender<>(), context, "console"));
    }
  }

  private static OutputStreamAppender<ILoggingEvent> started(
      OutputStreamAppender<ILoggingEvent> appender, LoggerContext context, String name) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
