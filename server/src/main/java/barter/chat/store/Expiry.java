package barter.chat.store;

import java.util.List;

/** What one expiry pass removed, and the expired receipts it queued for the senders. */
public record Expiry(int messagesExpired, int receiptsDropped, int sendsDropped, List<InboxEntry> receipts) {
}
