package dev.roomcast.e2e;

import static dev.roomcast.e2e.harness.Rooms.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.client.TransportKind;
import dev.roomcast.e2e.harness.Api;
import dev.roomcast.e2e.harness.Api.Published;
import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.TcpProxy;
import dev.roomcast.e2e.harness.Viewer;
import dev.roomcast.e2e.harness.Viewer.Batch;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a viewer sees in a healthy cluster: history, priority blocks, immediate gifts, push and poll alike. */
class RoomDeliveryIT extends ClusterTest {

    @Test
    void viewerEnteringRoomGetsHistoryThenPriorityBlocks() {
        String room = Rooms.unique("history");
        List<Long> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            history.add(cluster.api.chat(room, "early-" + i, 10, "said before you came #" + i).msgId());
        }
        // Appends are group-committed after the publish answers: wait until the mailbox serves them.
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.api.recentMsgIds(room, 20).containsAll(history));

        Viewer viewer = clients.viewer("entering-viewer");
        viewer.join(room);
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).keySet().containsAll(history));
        Batch first = viewer.batches(room).get(0);
        assertThat(first.block()).as("history is read from the mailbox, not pushed").isNull();
        assertThat(ids(first.messages())).as("the first batch is the recent history").containsAll(history);

        // 60 chats at once from users of every level: three blocks' worth of one tick.
        List<CompletableFuture<Published>> sends = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sends.add(cluster.api.chatAsync(room, "chatter-" + i, (i * 17) % 61, "live chat #" + i));
        }
        Map<Long, Published> chats = new HashMap<>();
        sends.forEach(f -> {
            Published p = f.join();
            chats.put(p.msgId(), p);
        });
        // A big gift right behind them: above the immediate priority, it must not wait for a tick.
        long giftSeq = cluster.api.sendGift("order-" + room, room, "whale", 1, 100_000).join();
        assertThat(giftSeq).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> viewer.persistedCounts(room).keySet().containsAll(chats.keySet())
                && !Rooms.ofType(viewer.messages(room), MessageType.GIFT).isEmpty());

        List<Batch> live = viewer.batches(room).stream().filter(b -> b.block() != null).toList();
        System.out.printf("[e2e] live blocks (size: priorities): %s%n", live.stream()
                .map(b -> b.messages().size() + ":" + b.messages().stream().map(m -> Integer.toString(m.getPriority())).toList())
                .toList());
        for (Batch b : live) {
            assertThat(b.messages()).as("block %s", b.block()).hasSizeLessThanOrEqualTo(Cluster.MAX_PER_BLOCK);
            assertThat(b.messages()).extracting(Message::getPriority).as("highest priority first within a block")
                    .isSortedAccordingTo((x, y) -> Integer.compare(y, x));
        }
        assertThat(live.stream().filter(b -> !Rooms.ofType(b.messages(), MessageType.CHAT).isEmpty()).count())
                .as("60 chats need at least three ticks of at most %d", Cluster.MAX_PER_BLOCK).isGreaterThanOrEqualTo(3);
        assertThat(live).as("the limit binds: some tick had more than a block's worth queued")
                .anyMatch(b -> b.messages().size() == Cluster.MAX_PER_BLOCK);
        assertQueuedChatsWaitedOnlyBehindHigherOnes(live, chats);

        Batch giftBatch = live.stream().filter(b -> !Rooms.ofType(b.messages(), MessageType.GIFT).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("the gift came without a block"));
        Message gift = Rooms.ofType(giftBatch.messages(), MessageType.GIFT).get(0);
        assertThat(gift.getPriority()).isGreaterThanOrEqualTo(Cluster.IMMEDIATE_PRIORITY);
        assertThat(giftBatch.messages()).as("an immediate block carries only immediate messages")
                .allMatch(m -> m.getPriority() >= Cluster.IMMEDIATE_PRIORITY);
        assertThat(giftBatch.block().createdAtMillis() - gift.getCreatedAtMs())
                .as("a big gift leaves at once, not at the next tick").isLessThan(Cluster.TICK_MILLIS);
        assertThat(viewer.persistedCounts(room).values()).as("each message once").allMatch(n -> n == 1);
    }

    /**
     * When a full block was built, every chat already queued (its publish answered well before the
     * block's build time) and left for a later block must rank no higher than that block's lowest.
     */
    private static void assertQueuedChatsWaitedOnlyBehindHigherOnes(List<Batch> live, Map<Long, Published> chats) {
        for (int i = 0; i < live.size(); i++) {
            Batch b = live.get(i);
            if (b.messages().size() < Cluster.MAX_PER_BLOCK) {
                continue;
            }
            int lowest = b.messages().stream().mapToInt(Message::getPriority).min().orElseThrow();
            long builtAt = b.block().createdAtMillis();
            for (Batch later : live.subList(i + 1, live.size())) {
                for (Message m : later.messages()) {
                    Published p = chats.get(m.getMsgId());
                    if (p != null && p.answeredAtMs() < builtAt - 50) {
                        assertThat(m.getPriority()).as("chat %d (queued before the block built at %d) vs that block's lowest",
                                m.getMsgId(), b.block().createdAtMillis()).isLessThanOrEqualTo(lowest);
                    }
                }
            }
        }
    }

    @Test
    void pollingClientSeesSamePersistedMessagesAsPushedClient() {
        String room = Rooms.unique("poll");
        // The polling viewer reaches connector-a through a link the test can take down; while it is
        // down the client polls the mailbox (pollWhileDisconnected), as it does after SwitchToPolling.
        try (TcpProxy link = new TcpProxy("poll-link", 0, List.of(new InetSocketAddress("127.0.0.1", Cluster.CONNECTOR_A_TCP)))) {
            Viewer pushed = clients.viewer("pushed-viewer");
            Viewer polling = clients.viewer("polling-viewer", c -> c.transport(TransportKind.TCP)
                    .fixedEndpoint("127.0.0.1:" + link.port()).pollWhileDisconnected(true));
            pushed.join(room);
            polling.join(room);
            link.down();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> polling.client().polling(room).toCompletableFuture().join());
            long blocksBefore = polling.client().stats().blocks();

            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                published.add(cluster.api.chat(room, "talker-" + i, i * 3, "hello #" + i).msgId());
                if (i % 5 == 4) {
                    published.add(cluster.api.publish(cluster.dispatcherUrl(), room,
                            Api.body("NOTIFY", "{\"notice\":" + i + "}")).msgId());
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pushed.persistedCounts(room).keySet().containsAll(published)
                    && polling.persistedCounts(room).keySet().containsAll(published));

            assertThat(polling.persistedCounts(room)).as("same persisted messages, each once")
                    .isEqualTo(pushed.persistedCounts(room));
            assertThat(polling.client().stats().polls()).isPositive();
            assertThat(polling.client().stats().blocks()).as("nothing was pushed to the polling client")
                    .isEqualTo(blocksBefore);
            assertThat(pushed.client().stats().blocks()).isPositive();
        }
    }
}
