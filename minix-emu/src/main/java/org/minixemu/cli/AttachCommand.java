package org.minixemu.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.minixemu.cli.debug.CommandSet;
import org.minixemu.cli.debug.ConsoleServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minix-emu attach [HOST:]PORT}: a client for the debugger console of
 * {@code minix-emu boot --debug-port PORT}. On a terminal it is a JLine prompt with history and
 * completion; otherwise it runs the commands standard input holds, one a line, prints their
 * answers and exits. See docs/debugging.md.
 */
@Command(name = "attach",
        description = {"Connect to the debugger console of a running 'minix-emu boot --debug-port PORT'. With standard"
                + " input not a terminal, run the commands it holds and exit. See docs/debugging.md."},
        mixinStandardHelpOptions = true)
final class AttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "[HOST:]PORT", description = "where the console listens (HOST defaults to 127.0.0.1)")
    String where;

    /** Tests replace these. */
    InputStream stdin = System.in;
    OutputStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        String host = null;
        String portText = where;
        int colon = where.lastIndexOf(':');
        if (colon >= 0) {
            host = where.substring(0, colon);
            portText = where.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "'" + where + "' is not [HOST:]PORT");
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "the port must be 1 to 65535, not " + port);
        }
        PrintWriter err = spec.commandLine().getErr();
        Socket socket;
        try {
            socket = new Socket(host == null || host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": cannot connect to " + (host == null ? "127.0.0.1" : host) + ":" + port
                    + ": " + e.getMessage() + " (is 'minix-emu boot --debug-port " + port + "' running?)");
            err.flush();
            return 1;
        }
        try (socket) {
            boolean interactive = stdin == System.in && System.console() != null;
            return interactive ? interactive(socket) : scripted(socket);
        }
    }

    /** Runs standard input's commands one by one, each answer complete before the next is sent. */
    private int scripted(Socket socket) throws IOException, InterruptedException {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        Semaphore answered = new Semaphore(0);
        Thread reader = startReader(socket.getInputStream(), out::print, answered, out::flush);
        answered.acquire(); // the greeting
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        OutputStream server = socket.getOutputStream();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            server.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            server.flush();
            if (line.trim().equals("quit")) {
                break;
            }
            answered.acquire();
        }
        out.flush();
        socket.shutdownOutput();
        reader.join(2000);
        return 0;
    }

    /** A JLine prompt with history and completion of the command names. */
    private int interactive(Socket socket) throws IOException, InterruptedException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader lines = LineReaderBuilder.builder().terminal(terminal).appName("minix-emu")
                    .completer(new StringsCompleter(CommandSet.allNames()))
                    .variable(LineReader.HISTORY_FILE, java.nio.file.Path.of(System.getProperty("user.home"),
                            ".minix-emu_history"))
                    .build();
            Semaphore answered = new Semaphore(0);
            startReader(socket.getInputStream(), text -> lines.printAbove(text.stripTrailing()), answered, () -> { });
            answered.acquire();
            OutputStream server = socket.getOutputStream();
            while (true) {
                String line;
                try {
                    line = lines.readLine(ConsoleServer.PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    line = "quit";
                }
                server.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                server.flush();
                if (line.trim().equals("quit") || line.trim().equals("exit")) {
                    return 0;
                }
                answered.acquire();
            }
        }
    }

    /**
     * Reads the server's output: text goes to {@code print} a line at a time; each prompt
     * releases {@code answered}; the end of the connection releases it for good.
     */
    private static Thread startReader(InputStream in, Consumer<String> print, Semaphore answered, Runnable flush) {
        Thread t = new Thread(() -> {
            StringBuilder pending = new StringBuilder();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    pending.append((char) b);
                    if (b == '\n') {
                        print.accept(new String(pending.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                        pending.setLength(0);
                        flush.run();
                    } else if (pending.length() == ConsoleServer.PROMPT.length() && pending.toString().equals(ConsoleServer.PROMPT)) {
                        pending.setLength(0);
                        flush.run();
                        answered.release();
                    }
                }
            } catch (IOException e) {
                // the connection ended
            }
            if (pending.length() > 0) {
                print.accept(pending.toString());
            }
            flush.run();
            answered.release(Integer.MAX_VALUE / 2);
        }, "attach-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
