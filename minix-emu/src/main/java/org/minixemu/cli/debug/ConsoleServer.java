package org.minixemu.cli.debug;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The debugger console on 127.0.0.1: a line-based text protocol, one thread per client, any
 * number of clients. The server greets, then shows the prompt {@value #PROMPT}; each command's
 * output ends with the prompt again, which is how {@code minix-emu attach} knows an answer is
 * complete. Stops (a breakpoint, a finished step) and {@code ipc -f} lines arrive between
 * prompts. A line longer than {@value #MAX_LINE} bytes closes the connection.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** What ends every answer. */
    public static final String PROMPT = "(minix-emu) ";
    static final int MAX_LINE = 4096;

    private final DebuggerCore debugger;
    private final CommandSet commands;
    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** The MINIX console on 127.0.0.1:{@code port} (0: any free port), served until closed. */
    public ConsoleServer(DebugController debugger, int port) throws IOException {
        this(new ConsoleCommands(debugger), port);
    }

    /** Serves {@code commands} (MINIX or bare-metal) on 127.0.0.1:{@code port} (0: any free port) until closed. */
    public ConsoleServer(CommandSet commands, int port) throws IOException {
        this.debugger = commands.core();
        this.commands = commands;
        this.server = Loopback.listen(port);
        this.acceptor = new Thread(this::acceptLoop, "debug-console-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address it listens on (always the loopback address). */
    public java.net.InetAddress address() {
        return server.getInetAddress();
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        int n = 0;
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "debug-console-" + (++n));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("accept failed", e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        Runnable hangUp = () -> closeQuietly(socket);
        StopListener stops = null;
        Runnable follower = null;
        try (socket; ClientOutput out = new ClientOutput(socket.getOutputStream(), Thread.currentThread().getName() + "-out", hangUp)) {
            InputStream in = socket.getInputStream();
            stops = new StopListener() {
                @Override
                public void stopped(StopEvent event) {
                    if (event.reason() == StopEvent.Reason.STEP) {
                        return; // the client that stepped has it as its answer
                    }
                    out.offer(commands.describeStop(event) + "\n");
                }

                @Override
                public void ended(int status, String description) {
                    out.offer("the machine has ended: " + description + "\n");
                }
            };
            debugger.addListener(stops);
            out.put("minix-emu debugger console; 'help' lists the commands\n" + PROMPT);
            String line;
            while ((line = readLine(in)) != null) {
                if (follower != null) {
                    // Any line ends 'ipc -f'.
                    follower.run();
                    follower = null;
                    out.put("(stopped following)\n" + PROMPT);
                    continue;
                }
                String command = line.trim();
                if (command.equals("quit") || command.equals("exit")) {
                    out.put("bye\n");
                    break;
                }
                String answer = commands.execute(command);
                follower = commands.follow(command, answer, out::offer);
                if (follower != null) {
                    out.put((answer.isEmpty() ? "" : answer + "\n") + "(following; press Enter to stop)\n");
                    continue;
                }
                out.put(answer.isEmpty() ? PROMPT : answer + "\n" + PROMPT);
            }
            Thread.sleep(50); // let the writer send the last answer before the socket closes
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.debug("console client gone", e);
        } finally {
            if (stops != null) {
                debugger.removeListener(stops);
            }
            if (follower != null) {
                follower.run();
            }
            clients.remove(socket);
        }
    }

    /** A line of at most MAX_LINE bytes, without its end; null at end of input or for a longer line. */
    private static String readLine(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_LINE];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1).replace("\r", "");
            }
            if (n == MAX_LINE) {
                return null; // not a console user: hang up
            }
            buf[n++] = (byte) b;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            closeQuietly(s);
        }
    }
}
