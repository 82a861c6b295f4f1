package org.minixemu.cli.debug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A test's console client: sends a line, returns everything up to the next prompt. */
final class ConsoleClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ConsoleClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        untilPrompt(); // the greeting
    }

    String send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return untilPrompt();
    }

    void sendOnly(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads until {@code text} has arrived; returns everything read. */
    String until(String text) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(text) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    String untilPrompt() throws IOException {
        String s = until(ConsoleServer.PROMPT);
        return s.endsWith(ConsoleServer.PROMPT) ? s.substring(0, s.length() - ConsoleServer.PROMPT.length()) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
