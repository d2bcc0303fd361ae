package barter.chat.chaos;

/** What the nemesis can do; each names the total it counts towards in the report. */
public enum FaultKind {
    KILL("SIGKILLs"),
    PAUSE("SIGSTOP pauses"),
    REDIS_KILL("redis restarts"),
    PG_RESTART("pg restarts"),
    CUT("proxy cuts");

    private final String total;

    FaultKind(String total) {
        this.total = total;
    }

    public String total() {
        return total;
    }
}
