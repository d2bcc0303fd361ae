package barter.chat.client.storage;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OutboxStore#file}: lines {@code + <clientId> <to> <body> [<commitment>]} when a send is queued and
 * {@code - <clientId>} when it is settled, after a header line naming the format. (Files written before franking
 * have no commitment field and still load.) {@link #load()} replays them and compacts the file to the
 * live sends; it is compacted again when settled lines outnumber live ones, so it stays small.
 */
final class OutboxFile implements OutboxStore {
    private static final String HEADER = "barter-chat-outbox 1";
    private static final int COMPACT_AFTER = 256;

    private final AppendOnlyFile log;
    private final Map<String, PendingSend> live = new LinkedHashMap<>();
    private int settled;

    OutboxFile(File file) {
        this.log = new AppendOnlyFile(file);
    }

    @Override
    public synchronized void add(PendingSend send) throws IOException {
        log.append(line(send));
        live.put(send.clientId(), send);
    }

    @Override
    public synchronized void remove(String clientId) throws IOException {
        if (live.remove(clientId) == null) {
            return;
        }
        log.append("- " + clientId);
        if (++settled > COMPACT_AFTER && settled > live.size()) {
            compact();
        }
    }

    @Override
    public synchronized List<PendingSend> load() throws IOException {
        List<String> lines = log.readLines();
        live.clear();
        if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
            throw new IOException("not a barter-chat outbox file: " + lines.get(0));
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] field = line.split(" ");
            if ((field.length == 4 || field.length == 5) && field[0].equals("+")) {
                live.put(field[1], new PendingSend(field[1], field[2], field[3], field.length == 5 ? field[4] : null));
            } else if (field.length == 2 && field[0].equals("-")) {
                live.remove(field[1]);
            } else {
                throw new IOException("corrupt outbox line: " + line);
            }
        }
        compact();
        return new ArrayList<>(live.values());
    }

    private static String line(PendingSend send) {
        return "+ " + send.clientId() + " " + send.to() + " " + send.body()
                + (send.commitment() == null ? "" : " " + send.commitment());
    }

    private void compact() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (PendingSend send : live.values()) {
            lines.add(line(send));
        }
        log.rewrite(lines);
        settled = 0;
    }
}
