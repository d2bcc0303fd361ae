package barter.chat.chaos;

/** This machine cannot host part of a run (no redis-server, no PostgreSQL binaries, no user to run them as). */
public final class MissingPrerequisite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingPrerequisite(String message) {
        super(message);
    }
}
