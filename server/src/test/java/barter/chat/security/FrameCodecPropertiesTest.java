package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.Base64Body;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.FrameException;
import barter.chat.protocol.UserIds;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client frame parser on hostile input: it returns a frame that satisfies every documented limit, or throws
 * {@link FrameException} with a client-facing code; nothing else ever escapes it.
 */
class FrameCodecPropertiesTest {
    private static final int MAX_BODY = 1024;
    private static final FrameCodec CODEC = new FrameCodec(MAX_BODY);
    private static final List<String> USERS = List.of("alice", "bob", "a.b-c_9", "x".repeat(64));

    @Property(tries = 1000)
    void randomStringsDecodeToAValidFrameOrAFrameException(@ForAll("randomStrings") String text) {
        assertDecodesOrRefuses(text);
    }

    @Property(tries = 1000)
    void mutatedValidFramesDecodeToAValidFrameOrAFrameException(@ForAll("mutatedFrames") String text) {
        assertDecodesOrRefuses(text);
    }

    @Property(tries = 1000)
    void randomJsonValuesDecodeToAValidFrameOrAFrameException(@ForAll("jsonDocuments") String text) {
        assertDecodesOrRefuses(text);
    }

    @Property(tries = 300)
    void everyValidFrameSurvivesEncodeAndDecodeUnchanged(@ForAll("clientFrames") ClientFrame frame) {
        assertThat(CODEC.decodeClient(CODEC.encode(frame))).isEqualTo(frame);
    }

    @Provide
    Arbitrary<String> randomStrings() {
        return HostileInput.strings();
    }

    @Provide
    Arbitrary<String> mutatedFrames() {
        return HostileInput.mutated(HostileInput.validFrames(USERS, List.of(1L, 42L, Long.MAX_VALUE), List.of("t.o.k")));
    }

    @Provide
    Arbitrary<String> jsonDocuments() {
        return HostileInput.jsonDocuments(List.of("type", "id", "to", "body", "ids", "token"),
                List.of("send", "ack", "typing", "auth", "alice", "aGVsbG8=", "", "x".repeat(129), "A".repeat(1400)));
    }

    @Provide
    Arbitrary<ClientFrame> clientFrames() {
        Arbitrary<String> user = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(64);
        Arbitrary<ClientFrame> send = Combinators.combine(
                        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(FrameCodec.MAX_CLIENT_ID_LENGTH),
                        user,
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(MAX_BODY))
                .as((id, to, body) -> new ClientFrame.Send(id, to, java.util.Base64.getEncoder().encodeToString(body)));
        Arbitrary<ClientFrame> ack = Arbitraries.longs().greaterOrEqual(1).list().ofMinSize(1).ofMaxSize(50)
                .map(ClientFrame.Ack::new);
        Arbitrary<ClientFrame> typing = user.map(ClientFrame.Typing::new);
        Arbitrary<ClientFrame> auth = Arbitraries.strings().all().ofMaxLength(300).map(ClientFrame.Auth::new);
        return Arbitraries.oneOf(send, ack, typing, auth);
    }

    /** Anything but a valid frame or a FrameException fails the property (the exception propagates). */
    private static void assertDecodesOrRefuses(String text) {
        ClientFrame frame;
        try {
            frame = CODEC.decodeClient(text);
        } catch (FrameException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_FRAME, ErrorCode.TOO_LARGE);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        switch (frame) {
            case ClientFrame.Send s -> {
                assertThat(s.id()).isNotEmpty().hasSizeLessThanOrEqualTo(FrameCodec.MAX_CLIENT_ID_LENGTH);
                assertThat(UserIds.isValid(s.to())).as("to: %s", s.to()).isTrue();
                assertThat(Base64Body.decodedLength(s.body())).isBetween(1, MAX_BODY);
            }
            case ClientFrame.Ack a -> assertThat(a.ids()).isNotEmpty()
                    .hasSizeLessThanOrEqualTo(FrameCodec.MAX_ACK_IDS).allMatch(id -> id > 0);
            case ClientFrame.Typing t -> assertThat(UserIds.isValid(t.to())).isTrue();
            case ClientFrame.Auth a -> assertThat(a.token()).isNotNull();
        }
    }
}
