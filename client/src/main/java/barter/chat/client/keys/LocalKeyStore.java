package barter.chat.client.keys;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local key store: this user's private keys (the current identity first, then up to {@link #RETAINED} older
 * ones kept to open messages still queued for a rotated key) and the pinned keys of peers. One JSON file, format
 * described in docs/security.md ("Key store"); every change rewrites it atomically with permissions 0600.
 *
 * <p>Thread-safe: all methods synchronize on the instance. A change is on disk when the method returns.
 */
public final class LocalKeyStore {
    static final String FORMAT = "barter-chat-keystore";
    /** Older identities kept after rotations. */
    public static final int RETAINED = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final String userId;
    private final List<IdentityKeys> identities;
    private final Map<String, PeerPin> pins;

    private LocalKeyStore(Path file, Clock clock, String userId, List<IdentityKeys> identities,
            Map<String, PeerPin> pins) {
        this.file = file;
        this.clock = clock;
        this.userId = userId;
        this.identities = identities;
        this.pins = pins;
    }

    /** Creates a new store holding {@code keys} for {@code userId}; fails if the file exists. */
    public static LocalKeyStore create(Path file, String userId, IdentityKeys keys, Clock clock) throws IOException {
        if (!UserIds.isValid(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "key store exists; rotate instead");
        }
        LocalKeyStore store = new LocalKeyStore(file, clock, userId, new ArrayList<>(List.of(keys)),
                new LinkedHashMap<>());
        store.save();
        return store;
    }

    /** Reads an existing store. */
    public static LocalKeyStore open(Path file, Clock clock) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
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
        return new LocalKeyStore(file, clock, root.path("userId").asText(), identities, pins);
    }

    public String userId() {
        return userId;
    }

    public Path file() {
        return file;
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
        PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
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
