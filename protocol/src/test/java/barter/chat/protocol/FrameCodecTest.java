package barter.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire shapes of protocol v1, exactly as docs/protocol.md writes them. */
class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(16);

    @Test
    void serverFramesEncodeToTheDocumentedJson() {
        assertThat(codec.encode(new ServerFrame.Accepted("c1", 17, 1000)))
                .isEqualTo("{\"type\":\"accepted\",\"id\":\"c1\",\"messageId\":17,\"ts\":1000}");
        assertThat(codec.encode(new ServerFrame.Message(17, "alice", "aGk=", 1000)))
                .isEqualTo("{\"type\":\"message\",\"messageId\":17,\"from\":\"alice\",\"body\":\"aGk=\",\"ts\":1000}");
        assertThat(codec.encode(new ServerFrame.Receipt(17, "c1", ServerFrame.ReceiptStatus.DELIVERED, 2000)))
                .isEqualTo("{\"type\":\"receipt\",\"messageId\":17,\"id\":\"c1\",\"status\":\"delivered\",\"ts\":2000}");
        assertThat(codec.encode(new ServerFrame.QueueEmpty())).isEqualTo("{\"type\":\"queue_empty\"}");
        assertThat(codec.encode(new ServerFrame.Typing("bob"))).isEqualTo("{\"type\":\"typing\",\"from\":\"bob\"}");
        assertThat(codec.encode(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED, "slow down", 250L)))
                .isEqualTo("{\"type\":\"error\",\"id\":null,\"error\":\"rate_limited\",\"message\":\"slow down\","
                        + "\"retryAfterMs\":250}");
    }

    @Test
    void everyFrameSurvivesARoundTrip() {
        List<ClientFrame> client = List.of(new ClientFrame.Send("c1", "bob", "aGk="), new ClientFrame.Ack(List.of(1L, 2L)),
                new ClientFrame.Typing("bob"), new ClientFrame.Auth("t.o.k"));
        for (ClientFrame frame : client) {
            assertThat(codec.decodeClient(codec.encode(frame))).isEqualTo(frame);
        }
        List<ServerFrame> server = List.of(new ServerFrame.Accepted("c1", 1, 2), new ServerFrame.Message(1, "a", "aGk=", 2),
                new ServerFrame.Receipt(1, "c1", ServerFrame.ReceiptStatus.EXPIRED, 3), new ServerFrame.QueueEmpty(),
                new ServerFrame.Typing("a"), new ServerFrame.Error("c1", ErrorCode.UNKNOWN_USER, "who?"));
        for (ServerFrame frame : server) {
            assertThat(codec.decodeServer(codec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void aFrankingCommitmentTravelsOnSendAndMessageOnlyWhenPresent() {
        String commitment = java.util.Base64.getEncoder().encodeToString(new byte[Franking.COMMITMENT_BYTES]);
        ClientFrame.Send send = new ClientFrame.Send("c1", "bob", "aGk=", commitment);
        assertThat(codec.encode(send)).endsWith(",\"commitment\":\"" + commitment + "\"}");
        assertThat(codec.decodeClient(codec.encode(send))).isEqualTo(send);
        ServerFrame.Message message = new ServerFrame.Message(17, "alice", "aGk=", 1000, commitment);
        assertThat(codec.decodeServer(codec.encode(message))).isEqualTo(message);
        assertThat(codec.encode(new ServerFrame.Message(17, "alice", "aGk=", 1000))).doesNotContain("commitment");
    }

    @Test
    void aCommitmentOfTheWrongLengthIsAnInvalidFrame() {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeClient(
                "{\"type\":\"send\",\"id\":\"c9\",\"to\":\"bob\",\"body\":\"aGk=\",\"commitment\":\"aGk=\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FRAME);
        assertThat(e.clientId()).isEqualTo("c9");
        assertThat(e.getMessage()).contains("32 bytes");
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        assertThat(codec.decodeClient("{\"type\":\"typing\",\"to\":\"bob\",\"future\":1}"))
                .isEqualTo(new ClientFrame.Typing("bob"));
    }

    @Test
    void aBodyOverTheLimitIsTooLargeAndKeepsTheClientId() {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeClient(
                "{\"type\":\"send\",\"id\":\"c9\",\"to\":\"bob\",\"body\":\"" + "A".repeat(24) + "\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.clientId()).isEqualTo("c9");
        assertThat(e.getMessage()).contains("18 bytes").contains("16");
    }

    @Test
    void malformedInputIsAnInvalidFrameWithAHumanMessage() {
        assertThat(catchThrowableOfType(FrameException.class, () -> codec.decodeClient("{oops")).code())
                .isEqualTo(ErrorCode.INVALID_FRAME);
        assertThat(catchThrowableOfType(FrameException.class, () -> codec.decodeClient("[1]")).getMessage())
                .contains("JSON object");
        assertThat(catchThrowableOfType(FrameException.class, () -> codec.decodeClient("{\"type\":\"dance\"}")).getMessage())
                .contains("unknown frame type 'dance'");
        assertThat(catchThrowableOfType(FrameException.class,
                () -> codec.decodeClient("{\"type\":\"send\",\"id\":\"c1\",\"to\":5,\"body\":\"aGk=\"}")).getMessage())
                .contains("'to' must be a string");
        assertThat(catchThrowableOfType(FrameException.class,
                () -> codec.decodeClient("{\"type\":\"ack\",\"ids\":[1,\"2\"]}")).getMessage())
                .contains("positive integers");
    }

    @Test
    void base64BodiesAreCheckedWithoutDecoding() {
        assertThat(Base64Body.decodedLength("aGk=")).isEqualTo(2);
        assertThat(Base64Body.decodedLength("aGk")).isEqualTo(2);
        assertThat(Base64Body.decodedLength("aGVsbG8=")).isEqualTo(5);
        assertThat(Base64Body.decodedLength("a")).isEqualTo(-1);
        assertThat(Base64Body.decodedLength("aG!=")).isEqualTo(-1);
        assertThat(Base64Body.decodedLength("aGk==")).isEqualTo(-1);
        assertThat(Base64Body.decodedLength("aG-_")).as("URL-safe alphabet is not standard base64").isEqualTo(-1);
    }

    @Test
    void anErrorCodeAddedAfterThisClientReadsAsInternalWithItsMessage() {
        ServerFrame frame = codec.decodeServer(
                "{\"type\":\"error\",\"id\":\"c9\",\"error\":\"some_future_code\",\"message\":\"what happened\"}");
        assertThat(frame).isEqualTo(new ServerFrame.Error("c9", ErrorCode.INTERNAL, "what happened", null));
        assertThat(ErrorCode.fromWireOrInternal("rate_limited")).isEqualTo(ErrorCode.RATE_LIMITED);
    }
}
