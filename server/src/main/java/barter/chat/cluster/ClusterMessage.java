package barter.chat.cluster;

/**
 * What nodes tell each other over Redis pub/sub. None of it is the only copy of anything: losing one delays a
 * delivery until the stream's next read, which an outage or a node's death triggers (see {@link RedisCluster}).
 *
 * <p>Wire form: fields joined by {@code |} (user ids and node ids cannot contain it), the first being the type.
 */
sealed interface ClusterMessage {

    /** {@code user}'s inbox has new entries, committed by node {@code origin}. */
    record Notice(String user, String origin) implements ClusterMessage {
    }

    record Typing(String user, String from) implements ClusterMessage {
    }

    /** {@code user} connected to node {@code by}: close the connection here (4409). */
    record Displace(String user, String by) implements ClusterMessage {
    }

    /** {@code user} was suspended: close their connection (4403). */
    record Suspend(String user) implements ClusterMessage {
    }

    record KeysRotated(String user) implements ClusterMessage {
    }

    record BlocksChanged(String user) implements ClusterMessage {
    }

    default String encode() {
        return switch (this) {
            case Notice n -> "n|" + n.user() + "|" + n.origin();
            case Typing t -> "t|" + t.user() + "|" + t.from();
            case Displace d -> "d|" + d.user() + "|" + d.by();
            case Suspend s -> "s|" + s.user();
            case KeysRotated k -> "k|" + k.user();
            case BlocksChanged b -> "b|" + b.user();
        };
    }

    static ClusterMessage decode(String text) {
        String[] f = text.split("\\|", -1);
        return switch (f[0]) {
            case "n" -> new Notice(field(f, 1, text), field(f, 2, text));
            case "t" -> new Typing(field(f, 1, text), field(f, 2, text));
            case "d" -> new Displace(field(f, 1, text), field(f, 2, text));
            case "s" -> new Suspend(field(f, 1, text));
            case "k" -> new KeysRotated(field(f, 1, text));
            case "b" -> new BlocksChanged(field(f, 1, text));
            default -> throw new IllegalArgumentException("unknown cluster message type in '" + text + "'");
        };
    }

    private static String field(String[] fields, int index, String text) {
        if (index >= fields.length || fields[index].isEmpty()) {
            throw new IllegalArgumentException("cluster message '" + text + "' lacks field " + index);
        }
        return fields[index];
    }
}
