package barter.chat.chaos;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;

/**
 * The client side of a run: recipients {@code r0..}, online before any traffic, and senders {@code s0..}, whose
 * first connections are spread over the nodes; sender k writes to recipient k mod recipients. Each user is one loop
 * on a virtual thread.
 */
final class Clients implements AutoCloseable {
    private static final Duration TOKEN_TTL = Duration.ofHours(12);

    private final Scenario scenario;
    private final Net net;
    private final History history;
    private final Identity identity = new Identity(Deployment.SECRET, Deployment.ISSUER,
            Deployment.AUDIENCE);
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private Clients(Scenario scenario, Net net, History history) {
        this.scenario = scenario;
        this.net = net;
        this.history = history;
    }

    /** Publishes every user's keys, brings the recipients online, then starts the senders. */
    static Clients start(Scenario scenario, List<Net.Endpoint> endpoints, History history) throws Exception {
        Clients clients = new Clients(scenario, new Net(endpoints), history);
        try {
            clients.publishKeys();
            clients.startRecipients();
            clients.startSenders();
            return clients;
        } catch (Exception | Error e) {
            clients.close();
            throw e;
        }
    }

    private void publishKeys() throws Exception {
        List<String> users = new ArrayList<>();
        for (int j = 0; j < scenario.load().recipients(); j++) {
            users.add("r" + j);
        }
        for (int k = 0; k < scenario.senders(); k++) {
            users.add("s" + k);
        }
        for (int i = 0; i < users.size(); i++) {
            HttpResponse<String> response = net.put(i % net.size(), "/v1/keys", identity.token(users.get(i), TOKEN_TTL),
                    Identity.freshKeysJson());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT /v1/keys for " + users.get(i) + ": " + response.statusCode()
                        + " " + response.body());
            }
        }
    }

    private void startRecipients() {
        for (int j = 0; j < scenario.load().recipients(); j++) {
            String user = "r" + j;
            Random random = new Random(scenario.seed() * 31 + j);
            LinkedBlockingQueue<Link.Frame> inbox = new LinkedBlockingQueue<>();
            Recipient recipient = new Recipient(user, line(user, attempt -> random.nextInt(net.size()), inbox),
                    history, inbox);
            recipients.add(recipient);
            threads.add(Thread.ofVirtual().name(user).start(recipient));
        }
        if (!await(Duration.ofSeconds(30), () -> recipients.stream().allMatch(r -> r.queueEmptyOn() > 0))) {
            throw new IllegalStateException("the recipients did not come online within 30 s");
        }
    }

    private void startSenders() {
        Scenario.Load load = scenario.load();
        for (int k = 0; k < scenario.senders(); k++) {
            String user = "s" + k;
            int home = k % net.size();
            IntUnaryOperator choice = attempt -> home + attempt; // home first, then the next nodes in turn
            LinkedBlockingQueue<Link.Frame> inbox = new LinkedBlockingQueue<>();
            Sender.Script script = new Sender.Script(user, "r" + (k % load.recipients()), load.messagesPerSender(),
                    load.window(), load.traffic());
            Sender sender = new Sender(script, line(user, choice, inbox), history, inbox);
            senders.add(sender);
            threads.add(Thread.ofVirtual().name(user).start(sender));
        }
    }

    private Line line(String user, IntUnaryOperator choice, LinkedBlockingQueue<Link.Frame> inbox) {
        return new Line(user, identity.token(user, TOKEN_TTL), net, choice, history, inbox);
    }

    /** Every sender has sent each of its messages at least once. */
    boolean allSent() {
        return senders.stream().allMatch(Sender::sentAll);
    }

    /** Messages not accepted yet, over all senders. */
    int unaccepted() {
        return senders.stream().mapToInt(Sender::unaccepted).sum();
    }

    /** Accepted messages that have not reached their recipient yet. */
    long undelivered() {
        return senders.stream().mapToLong(s -> recipient(s.recipient()).missing(s.acceptedIds())).sum();
    }

    /** Every message accepted and delivered: nothing left to wait for. */
    boolean settled() {
        return unaccepted() == 0 && undelivered() == 0;
    }

    private Recipient recipient(String user) {
        return recipients.stream().filter(r -> r.user().equals(user)).findFirst().orElseThrow();
    }

    /**
     * Every recipient drops its link and connects again, then reads its backlog: what arrives now was stored but
     * never pushed. Returns false if some backlog did not end with {@code queue_empty} in time.
     */
    boolean finalReconnect(Duration timeout) {
        int[] before = recipients.stream().mapToInt(Recipient::connection).toArray();
        recipients.forEach(Recipient::reconnect);
        return await(timeout, () -> {
            for (int j = 0; j < before.length; j++) {
                if (recipients.get(j).queueEmptyOn() <= before[j]) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Polls {@code condition} every 100 ms until true or {@code timeout}; returns the last answer. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        senders.forEach(Sender::stop);
        recipients.forEach(Recipient::stop);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        net.close();
    }
}
