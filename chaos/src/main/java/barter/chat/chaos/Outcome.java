package barter.chat.chaos;

/** The checker's classes. A message may fall in several problem classes; it is {@link #OK} only in none. */
public enum Outcome {
    /** Accepted (or at least delivered) once, in order, while the recipient stayed connected. */
    OK,
    /** Accepted, but not delivered by the end of the grace period although the recipient was online. */
    LOST,
    /** Two server message ids for one client id, or one message id that changed content. */
    DUPLICATED,
    /** Delivered after a later message of the same sender to the same recipient. */
    REORDERED,
    /** Delivered only on a later connection, although an earlier connection stayed open long enough for it. */
    STUCK,
    /** Delivered but never sent (or to the wrong recipient, or from the wrong sender). */
    UNEXPECTED,
    /** Sent, never answered {@code accepted} and never delivered, even with every node up. */
    UNANSWERED
}
