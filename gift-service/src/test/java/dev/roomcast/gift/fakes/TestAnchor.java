package dev.roomcast.gift.fakes;

import dev.roomcast.proto.v1.AckGiftRequest;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import dev.roomcast.proto.v1.PullGiftsReply;
import dev.roomcast.proto.v1.PullGiftsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The anchor's side of the gift channel, kept simple on purpose: hold gifts by sequence, show them in
 * order exactly once, ack the highest contiguous sequence after every push (duplicates included, that
 * is how a lost ack heals), pull from that sequence after a reconnect. Acks and pulls go to
 * gift-service over real gRPC, as the connector relays them. A test can cut the connection (pushes
 * are lost, nothing is sent) and drop a share of acks.
 */
public final class TestAnchor {

    private final String roomId;
    private final String userId;
    private final MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;
    private final Random random = new Random(42);
    private final TreeMap<Long, Gift> held = new TreeMap<>();
    private final List<Gift> shown = new ArrayList<>();
    private final Map<Long, Long> createdAt = new ConcurrentHashMap<>();
    private final List<Long> ackLatenciesMs = new ArrayList<>();
    private volatile boolean connected = true;
    private volatile double ackDropRate;
    private long contiguous;
    private long serverAcked;
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong acksSent = new AtomicLong();
    public final AtomicLong acksDropped = new AtomicLong();
    public final AtomicLong pulls = new AtomicLong();

    public TestAnchor(String roomId, String userId, MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts) {
        this.roomId = roomId;
        this.userId = userId;
        this.gifts = gifts;
    }

    public boolean connected() {
        return connected;
    }

    public void ackDropRate(double rate) {
        this.ackDropRate = rate;
    }

    /** The connection drops: pushes are lost until {@link #restore()}. */
    public void cut() {
        connected = false;
    }

    /** Reconnect: pull everything after the last contiguous sequence, then ack it. */
    public void restore() {
        connected = true;
        pullAll();
        ack();
    }

    void onPush(GiftPush push) {
        synchronized (this) {
            for (Gift g : push.getGiftsList()) {
                accept(g);
            }
        }
        ack();
    }

    private void accept(Gift g) {
        received.incrementAndGet();
        if (g.getSeq() <= contiguous || held.containsKey(g.getSeq())) {
            duplicates.incrementAndGet();
            return;
        }
        held.put(g.getSeq(), g);
        createdAt.put(g.getSeq(), g.getCreatedAtMs());
        while (!held.isEmpty() && held.firstKey() == contiguous + 1) {
            shown.add(held.pollFirstEntry().getValue());
            contiguous++;
        }
    }

    /** Pulls after the contiguous sequence until the ledger has no more (blocking: test threads only). */
    public void pullAll() {
        boolean more = true;
        while (more && connected) {
            long after;
            synchronized (this) {
                after = contiguous;
            }
            PullGiftsReply reply = gifts.pullGifts(PullGiftsRequest.newBuilder()
                            .setRoomId(roomId).setAnchorUserId(userId).setAfterSeq(after).setLimit(100).build())
                    .await().atMost(Duration.ofSeconds(10));
            pulls.incrementAndGet();
            synchronized (this) {
                reply.getGiftsList().forEach(this::accept);
            }
            more = reply.getHasMore();
        }
    }

    /** Acks the highest contiguous sequence (asynchronously, unless dropped or disconnected). */
    public void ack() {
        long seq;
        synchronized (this) {
            seq = contiguous;
        }
        if (!connected || seq == 0) {
            return;
        }
        if (ackDropRate > 0 && nextDouble() < ackDropRate) {
            acksDropped.incrementAndGet();
            return;
        }
        acksSent.incrementAndGet();
        gifts.ackGift(AckGiftRequest.newBuilder().setRoomId(roomId).setAnchorUserId(userId).setSeq(seq).build())
                .subscribe().with(reply -> acknowledged(reply.getAckedSeq()), e -> { });
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private synchronized void acknowledged(long ackedSeq) {
        long now = System.currentTimeMillis();
        for (long s = serverAcked + 1; s <= ackedSeq; s++) {
            Long created = createdAt.get(s);
            if (created != null) {
                ackLatenciesMs.add(now - created);
            }
        }
        serverAcked = Math.max(serverAcked, ackedSeq);
    }

    public synchronized long contiguous() {
        return contiguous;
    }

    public synchronized long serverAcked() {
        return serverAcked;
    }

    public synchronized List<Long> shownSeqs() {
        return shown.stream().map(Gift::getSeq).toList();
    }

    public synchronized List<Long> ackLatenciesMs() {
        return List.copyOf(ackLatenciesMs);
    }
}
