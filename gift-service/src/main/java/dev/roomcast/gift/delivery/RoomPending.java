package dev.roomcast.gift.delivery;

/**
 * What this instance knows of one room's unacknowledged gifts, and when to push them again.
 * Guarded by its own monitor: the re-push loop and the send/ack paths touch it concurrently. Once
 * retired (the anchor caught up) it is never reused; a later gift creates a fresh one.
 */
final class RoomPending {

    final String roomId;
    private long lastSeq;
    private long ackedSeq;
    private int unanswered;
    private long dueAtMs;
    private boolean inFlight;
    private boolean retired;
    private long lastProgressMs;

    RoomPending(String roomId, long lastSeq, long ackedSeq, long dueAtMs) {
        this.roomId = roomId;
        this.lastSeq = lastSeq;
        this.ackedSeq = ackedSeq;
        this.dueAtMs = dueAtMs;
        this.lastProgressMs = dueAtMs;
    }

    /** @return false when this state was retired concurrently; the caller creates a fresh one */
    synchronized boolean recorded(long seq) {
        if (retired) {
            return false;
        }
        lastSeq = Math.max(lastSeq, seq);
        lastProgressMs = Math.max(lastProgressMs, System.currentTimeMillis());
        return true;
    }

    /** An ack that moves the cursor resets the back-off. @return true when the room is now retired */
    synchronized boolean acked(long seq, long nowMs, long initialMs) {
        if (seq > ackedSeq) {
            ackedSeq = seq;
            unanswered = 0;
            dueAtMs = nowMs + initialMs;
            lastProgressMs = nowMs;
        }
        return retireIfCaughtUp();
    }

    /** Claims the room for one re-push when its back-off expired. */
    synchronized boolean claimIfDue(long nowMs) {
        if (retired || inFlight || dueAtMs > nowMs) {
            return false;
        }
        inFlight = true;
        return true;
    }

    /**
     * After a re-push attempt, with what the ledger said: back off exponentially (capped) until an ack
     * moves the cursor. @return true when the room is now retired
     */
    synchronized boolean repushed(long lastSeqInDb, long ackedSeqInDb, long nowMs, long initialMs, long maxMs) {
        inFlight = false;
        lastSeq = Math.max(lastSeq, lastSeqInDb);
        ackedSeq = Math.max(ackedSeq, ackedSeqInDb);
        if (retireIfCaughtUp()) {
            return true;
        }
        unanswered = Math.min(unanswered + 1, 20);
        dueAtMs = nowMs + Math.min(maxMs, initialMs << unanswered);
        return false;
    }

    synchronized void repushFailed(long nowMs, long initialMs, long maxMs) {
        repushed(0, 0, nowMs, initialMs, maxMs);
    }

    /** Retires a room that made no progress (no gift, no ack) within the give-up horizon. */
    synchronized boolean abandonIfIdle(long nowMs, long giveUpMs) {
        if (!retired && !inFlight && nowMs - lastProgressMs > giveUpMs) {
            retired = true;
            return true;
        }
        return false;
    }

    synchronized long ackedSeq() {
        return ackedSeq;
    }

    private boolean retireIfCaughtUp() {
        if (ackedSeq >= lastSeq) {
            retired = true;
        }
        return retired;
    }
}
