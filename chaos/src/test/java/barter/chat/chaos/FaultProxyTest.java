package barter.chat.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy against a plain echo server: it relays, cuts every connection on demand, and refuses when the node is down. */
class FaultProxyTest {
    private final ServerSocket echo = listen();
    private final FaultProxy proxy = new FaultProxy("n1", echo.getLocalPort());

    private static ServerSocket listen() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> echo(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(socket.getOutputStream());
        } catch (IOException e) {
            // the proxy went away
        }
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void relaysBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void cutDropsEveryOpenConnectionAndANewOneWorks() throws IOException {
        try (Socket first = connect(); Socket second = connect()) {
            roundTrip(first, "a");
            roundTrip(second, "b");

            assertThat(proxy.cut()).isEqualTo(2);

            assertThat(endOf(first)).isTrue();
            assertThat(endOf(second)).isTrue();
        }
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "back")).isEqualTo("back");
        }
    }

    @Test
    void aConnectionToADownNodeEndsAtOnce() throws IOException {
        echo.close();
        try (Socket client = connect()) {
            assertThat(endOf(client)).isTrue();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes());
        return new String(socket.getInputStream().readNBytes(text.length()));
    }

    /** True when the socket reads end-of-stream or a reset within the timeout. */
    private static boolean endOf(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }
}
