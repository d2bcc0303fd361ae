package barter.chat.store;

import java.util.List;

/**
 * A page of one recipient's inbox, in sequence order.
 *
 * @param more whether entries may follow the last one (the page was full, or cut short by its byte budget)
 */
public record InboxPage(List<InboxEntry> entries, boolean more) {
    public InboxPage {
        entries = List.copyOf(entries);
    }
}
