package dev.roomcast.client;

/**
 * Counters of one client. Written only by its I/O thread; readers on other threads see a recent,
 * not necessarily consistent, view (good enough for progress displays).
 */
public final class ClientStats {

    volatile long blocks;
    volatile long wireBytes;
    volatile long messagesDelivered;
    volatile long duplicates;
    volatile long decodeErrors;
    volatile long connects;
    volatile long polls;
    volatile long pollFailures;
    volatile long recovered;
    volatile long recoveryRetries;
    volatile long giftsDelivered;
    volatile long joinRetries;
    volatile long switchesToPoll;
    volatile long switchesToPush;

    public long blocks() { return blocks; }

    public long wireBytes() { return wireBytes; }

    public long messagesDelivered() { return messagesDelivered; }

    /** Messages that arrived again (push after poll, recovery overlap) and were suppressed. */
    public long duplicates() { return duplicates; }

    public long decodeErrors() { return decodeErrors; }

    /** Successful authentications (the first connection and every reconnect). */
    public long connects() { return connects; }

    public long polls() { return polls; }

    /** Polls that failed (timed out, refused, undecodable): the next tick polls again from the same cursor. */
    public long pollFailures() { return pollFailures; }

    /** Messages delivered from recent history or mailbox recovery rather than live. */
    public long recovered() { return recovered; }

    /** Mailbox range reads (history, recovery, the poll switch) that failed and were tried again. */
    public long recoveryRetries() { return recoveryRetries; }

    public long giftsDelivered() { return giftsDelivered; }

    /** Joins refused with a retryable code (UNAVAILABLE, NOT_JOINED, RATE_LIMITED) and sent again. */
    public long joinRetries() { return joinRetries; }

    /** SwitchToPolling frames obeyed (the server moved a room to short polling). */
    public long switchesToPoll() { return switchesToPoll; }

    /** SwitchToPush frames obeyed (a room pushed again after polling). */
    public long switchesToPush() { return switchesToPush; }
}
