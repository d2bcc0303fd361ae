package barter.chat.messaging;

import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;

/** Inbox rows as the frames a recipient sees. */
public final class Frames {
    private Frames() {
    }

    public static ServerFrame of(InboxEntry entry) {
        return switch (entry.kind()) {
            case MESSAGE -> new ServerFrame.Message(entry.messageId(), entry.peer(), entry.body(), entry.createdAt(),
                    entry.commitment());
            case DELIVERED -> new ServerFrame.Receipt(entry.messageId(), entry.clientId(),
                    ServerFrame.ReceiptStatus.DELIVERED, entry.createdAt());
            case EXPIRED -> new ServerFrame.Receipt(entry.messageId(), entry.clientId(),
                    ServerFrame.ReceiptStatus.EXPIRED, entry.createdAt());
        };
    }
}
