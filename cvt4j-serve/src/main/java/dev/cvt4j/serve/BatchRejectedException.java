package dev.cvt4j.serve;

/** The {@link Batcher} refused a request: its queue is full, or it is shutting down. */
public final class BatchRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused; {@link #label()} is the Prometheus label value. */
    public enum Reason {
        /** The queue cannot take the request's images (HTTP 429). */
        QUEUE_FULL("queue_full"),
        /** The server is draining (HTTP 503). */
        DRAINING("draining");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** @return the reason as a metric label, e.g. {@code queue_full} */
        public String label() {
            return label;
        }
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message one line for the client
     */
    public BatchRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the request was refused */
    public Reason reason() {
        return reason;
    }
}
