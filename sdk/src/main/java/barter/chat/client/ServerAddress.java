package barter.chat.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The server a client talks to: an {@code https://} base URL, or {@code http://} to a loopback address (the local
 * demo). Plain {@code http://} (and so {@code ws://}) to any other host needs {@link #allowingCleartext}, because
 * the bearer token and every frame would cross the network in clear; the check looks at the URL only (a literal
 * loopback address or {@code localhost}), never at DNS.
 */
public final class ServerAddress {
    private final URI base;

    private ServerAddress(URI base) {
        this.base = base;
    }

    /** An {@code https} URL, or {@code http} to a loopback address; anything else throws. */
    public static ServerAddress of(URI url) {
        ServerAddress address = parse(url);
        if (!address.isSecure() && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("refusing plain http to " + url.getHost() + ": the token would be sent "
                    + "in clear; use https, or allow cleartext explicitly (ChatClientBuilder.allowCleartext, "
                    + "CLI --insecure) for a test network");
        }
        return address;
    }

    /** Any {@code http} or {@code https} URL: the caller has decided that cleartext is acceptable. */
    public static ServerAddress allowingCleartext(URI url) {
        return parse(url);
    }

    private static ServerAddress parse(URI url) {
        String scheme = Objects.requireNonNull(url, "server").getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("server must be an http or https URL with a host: " + url);
        }
        return new ServerAddress(URI.create(scheme + "://" + url.getRawAuthority()));
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    public boolean isSecure() {
        return "https".equals(base.getScheme());
    }

    /** {@code path} (starting with {@code /}) on this server, over HTTP(S). */
    public String http(String path) {
        return base + path;
    }

    /** The WebSocket endpoint, {@code ws(s)://host:port/v1/ws}. */
    public String webSocket() {
        return (isSecure() ? "wss" : "ws") + "://" + base.getRawAuthority() + "/v1/ws";
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
