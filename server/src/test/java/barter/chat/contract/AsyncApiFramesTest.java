package barter.chat.contract;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.contract.AsyncApiContract.Direction;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every frame type of docs/asyncapi.yaml, both ways, crosses a real socket; {@link TestClient} checks each frame
 * against the spec as it crosses (here and in every other test that uses it). The checker itself is shown to
 * refuse what the spec does not allow.
 */
class AsyncApiFramesTest {
    private static final AsyncApiContract SPEC = AsyncApiContract.get();

    @TempDir
    Path dir;

    @Test
    void everyFrameTypeOfTheSpecCrossesTheWireAndValidates() {
        List<TestClient.WireFrame> wire = new ArrayList<>();
        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dir)) {
            server.register("alice");
            server.register("bob");
            try (TestClient bob = TestClient.connectAnonymously(server.port());
                 TestClient alice = server.online("alice")) {
                bob.send(new ClientFrame.Auth(server.token("bob")));
                bob.untilQueueEmpty();

                alice.send(new ClientFrame.Send(UUID.randomUUID().toString(), "bob", "aGk="));
                alice.next(ServerFrame.Accepted.class);
                ServerFrame.Message message = bob.next(ServerFrame.Message.class);
                bob.send(new ClientFrame.Typing("alice"));
                alice.next(ServerFrame.Typing.class);
                bob.send(new ClientFrame.Ack(List.of(message.messageId())));
                ServerFrame.Receipt receipt = alice.next(ServerFrame.Receipt.class);
                alice.send(new ClientFrame.Ack(List.of(receipt.messageId())));
                alice.send(new ClientFrame.Send(UUID.randomUUID().toString(), "nobody", "aGk="));
                assertThat(alice.next(ServerFrame.Error.class).error().wire()).isEqualTo("unknown_user");
                wire.addAll(alice.wire());
                wire.addAll(bob.wire());
            }
        }
        for (Direction direction : Direction.values()) {
            Set<String> seen = new TreeSet<>();
            wire.stream().filter(f -> f.direction() == direction)
                    .forEach(f -> seen.add(SpecDocument.json(f.text()).path("type").asText()));
            assertThat(seen).as("frame types seen %s", direction).containsExactlyInAnyOrderElementsOf(SPEC.types(direction));
        }
        assertThat(wire).as("every frame was checked").allMatch(TestClient.WireFrame::checked);
    }

    @Test
    void theCheckerRefusesWhatTheSpecDoesNotAllow() {
        String message = "{\"type\":\"message\",\"messageId\":17,\"from\":\"alice\",\"body\":\"aGk=\",\"ts\":1}";
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT, message)).isEmpty();
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT, "{\"type\":\"hello\"}")).as("an unknown type")
                .singleElement().asString().contains("'hello' is not in docs/asyncapi.yaml");
        assertThat(SPEC.violations(Direction.CLIENT_TO_SERVER, message)).as("a server frame sent by a client")
                .isNotEmpty();
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT, message.replace("\"messageId\":17,", "")))
                .as("a missing field").isNotEmpty();
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT, message.replace("}", ",\"extra\":1}")))
                .as("an undocumented field").isNotEmpty();
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT,
                "{\"type\":\"error\",\"id\":null,\"error\":\"made_up\",\"message\":\"m\"}"))
                .as("an undocumented error code").isNotEmpty();
        assertThat(SPEC.violations(Direction.SERVER_TO_CLIENT, message.replace("}",
                ",\"commitment\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}"))).as("franking").isEmpty();
    }
}
