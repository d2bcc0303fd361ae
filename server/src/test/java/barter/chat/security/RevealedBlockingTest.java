package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import java.util.Map;

/** {@code CHAT_REVEAL_BLOCKS=true}: a blocked sender's send is refused with a {@code blocked} error frame. */
class RevealedBlockingTest extends BlockingContract {
    @Override
    Map<String, String> policy() {
        return Map.of("CHAT_REVEAL_BLOCKS", "true");
    }

    @Override
    void assertBlockedSendAnswer(ClientFrame.Send send, ServerFrame answer) {
        assertThat(answer).isInstanceOf(ServerFrame.Error.class);
        ServerFrame.Error error = (ServerFrame.Error) answer;
        assertThat(error.error()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(error.id()).isEqualTo(send.id());
    }
}
