package barter.chat.store;

/**
 * How much one recipient's inbox may hold before sends to it are refused ({@code recipient_full}): entries
 * (messages and receipts) and bytes of base64 bodies. Counted in {@code inbox_heads} by the transactions that add and
 * remove entries, so a check costs no scan of the inbox.
 */
public record InboxQuota(long maxEntries, long maxBytes) {
    public static final InboxQuota UNLIMITED = new InboxQuota(Long.MAX_VALUE, Long.MAX_VALUE);

    public InboxQuota {
        if (maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("inbox quotas must be positive: " + maxEntries + ", " + maxBytes);
        }
    }

    /** What an inbox holds now. */
    public record Usage(long entries, long bytes) {
        static final Usage EMPTY = new Usage(0, 0);

        Usage plus(long moreEntries, long moreBytes) {
            return new Usage(entries + moreEntries, bytes + moreBytes);
        }
    }

    /** Whether one more entry of {@code bodyBytes} fits; an empty inbox takes any one message. */
    boolean admits(Usage usage, int bodyBytes) {
        return usage.entries() == 0 || (usage.entries() < maxEntries && usage.bytes() + bodyBytes <= maxBytes);
    }
}
