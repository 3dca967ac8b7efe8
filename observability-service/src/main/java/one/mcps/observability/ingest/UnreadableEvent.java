package one.mcps.observability.ingest;

/** A record that holds no event this service can read; its message is the reason the dead letter carries. */
public class UnreadableEvent extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableEvent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
