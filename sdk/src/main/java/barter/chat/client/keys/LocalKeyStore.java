package barter.chat.client.keys;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.storage.KeyStorage;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local key store: this user's private keys (the current identity first, then up to {@link #RETAINED} older
 * ones kept to open messages still queued for a rotated key) and the pinned keys of peers. One JSON document, format
 * described in docs/security.md ("Key store"), kept in a {@link KeyStorage} (JVM default: a 0600 file); every change
 * replaces it atomically.
 *
 * <p>Thread-safe: all methods synchronize on the instance. A change is on disk when the method returns.
 */
public final class LocalKeyStore {
    static final String FORMAT = "barter-chat-keystore";
    /** Older identities kept after rotations. */
    public static final int RETAINED = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyStorage storage;
    private final Clock clock;
    private final String userId;
    private final List<IdentityKeys> identities;
    private final Map<String, PeerPin> pins;

    private LocalKeyStore(KeyStorage storage, Clock clock, String userId, List<IdentityKeys> identities,
            Map<String, PeerPin> pins) {
        this.storage = storage;
        this.clock = clock;
        this.userId = userId;
        this.identities = identities;
        this.pins = pins;
    }

    /** Creates a new store holding {@code keys} for {@code userId} in a 0600 file; fails if the file exists. */
    public static LocalKeyStore create(Path file, String userId, IdentityKeys keys, Clock clock) throws IOException {
        return create(KeyStorage.file(file), userId, keys, clock);
    }

    /** Creates a new store holding {@code keys} for {@code userId}; fails if {@code storage} holds one already. */
    public static LocalKeyStore create(KeyStorage storage, String userId, IdentityKeys keys, Clock clock)
            throws IOException {
        if (!UserIds.isValid(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        if (storage.read().isPresent()) {
            throw new FileAlreadyExistsException(storage.describe(), null, "key store exists; rotate instead");
        }
        List<IdentityKeys> identities = new ArrayList<>(Collections.singletonList(keys));
        LocalKeyStore store = new LocalKeyStore(storage, clock, userId, identities, new LinkedHashMap<>());
        store.save();
        return store;
    }

    /** Reads an existing store from a file (which must be readable by its owner only). */
    public static LocalKeyStore open(Path file, Clock clock) throws IOException {
        return open(KeyStorage.file(file), clock);
    }

    /** Reads an existing store. */
    public static LocalKeyStore open(KeyStorage storage, Clock clock) throws IOException {
        String file = storage.describe();
        byte[] content = storage.read().orElseThrow(() -> new IOException("no key store at " + file));
        JsonNode root = JSON.readTree(content);
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new IOException(file + " is not a barter-chat key store, version 1");
        }
        List<IdentityKeys> identities = new ArrayList<>();
        for (JsonNode each : root.path("identities")) {
            identities.add(IdentityKeys.of(bytes(each, "signingSeed"), bytes(each, "agreementPrivate")));
        }
        if (identities.isEmpty()) {
            throw new IOException(file + " holds no identity keys");
        }
        Map<String, PeerPin> pins = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> peers = root.path("peers").fields();
        while (peers.hasNext()) {
            Map.Entry<String, JsonNode> peer = peers.next();
            JsonNode pin = peer.getValue();
            PublicKeys keys = new PublicKeys(bytes(pin, "agreementKey"), bytes(pin, "signingKey"),
                    bytes(pin, "signature"));
            pins.put(peer.getKey(), new PeerPin(keys, Instant.parse(pin.path("pinnedAt").asText())));
        }
        return new LocalKeyStore(storage, clock, root.path("userId").asText(), identities, pins);
    }

    public String userId() {
        return userId;
    }

    /** The identity new messages are signed with and whose public keys are published. */
    public synchronized IdentityKeys current() {
        return identities.get(0);
    }

    /** The identity (current or retained) whose agreement public key is {@code agreementKey}. */
    public synchronized Optional<IdentityKeys> forAgreementKey(byte[] agreementKey) {
        return identities.stream()
                .filter(k -> MessageDigest.isEqual(k.publicKeys().agreementKey(), agreementKey))
                .findFirst();
    }

    /** Makes {@code keys} current, retaining the previous ones to open messages already sealed to them. */
    public synchronized void rotate(IdentityKeys keys) throws IOException {
        identities.add(0, keys);
        while (identities.size() > RETAINED + 1) {
            identities.remove(identities.size() - 1);
        }
        save();
    }

    public synchronized Optional<PeerPin> pin(String peer) {
        return Optional.ofNullable(pins.get(peer));
    }

    /** Pins (or re-pins, after the user accepted a change) {@code keys} for {@code peer}. */
    public synchronized PeerPin pin(String peer, PublicKeys keys) throws IOException {
        PeerPin pin = new PeerPin(keys, clock.instant());
        pins.put(peer, pin);
        save();
        return pin;
    }

    private void save() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("version", 1).put("userId", userId);
        ArrayNode ids = root.putArray("identities");
        for (IdentityKeys keys : identities) {
            ids.addObject().put("signingSeed", b64(keys.signingSeed()))
                    .put("agreementPrivate", b64(keys.agreementPrivate()))
                    .put("signingKey", keys.publicKeys().signingKeyBase64())
                    .put("agreementKey", keys.publicKeys().agreementKeyBase64());
        }
        ObjectNode peers = root.putObject("peers");
        pins.forEach((peer, pin) -> peers.putObject(peer)
                .put("signingKey", pin.keys().signingKeyBase64())
                .put("agreementKey", pin.keys().agreementKeyBase64())
                .put("signature", pin.keys().signatureBase64())
                .put("pinnedAt", pin.pinnedAt().toString()));
        storage.replace(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("key store entry lacks '" + field + "'");
        }
        return Base64.getDecoder().decode(value.textValue());
    }
}
