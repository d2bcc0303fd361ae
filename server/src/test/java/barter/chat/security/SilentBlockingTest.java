package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import java.util.Map;

/** The default policy: a blocked sender cannot tell; the send is accepted (and idempotent), never delivered. */
class SilentBlockingTest extends BlockingContract {
    @Override
    Map<String, String> policy() {
        return Map.of();
    }

    @Override
    void assertBlockedSendAnswer(ClientFrame.Send send, ServerFrame answer) {
        assertThat(answer).isInstanceOf(ServerFrame.Accepted.class);
        ServerFrame.Accepted accepted = (ServerFrame.Accepted) answer;
        assertThat(accepted.id()).isEqualTo(send.id());
        assertThat(accepted.messageId()).isPositive();
    }
}
