package org.minixemu.cli.debug;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The debugger's ports listen on the loopback interface only: a debugger can write guest memory. */
final class Loopback {
    private Loopback() {
    }

    /** A server socket on 127.0.0.1:{@code port} (0: any free port). */
    static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        return server;
    }
}
