package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.e2e.harness.Api;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.ServiceProcess;
import dev.roomcast.e2e.harness.Viewer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a publisher is told is what happened, against the real mailbox-service and PostgreSQL: a graceful
 * stop under load loses no message acknowledged {@code persisted: true}, a broadcast never sinks the room
 * chats appended with it, a forward that times out and is served locally is one entry and one delivery,
 * and every read path returns each msgId once.
 */
class PublishTruthIT extends ClusterTest {

    /**
     * Publishers keep posting chats to a room owned by room-a — straight to room-a, and through the VIP (half of
     * those reach room-b, which forwards to room-a) — while room-a gets SIGTERM, with appends still unanswered
     * (the mailbox is frozen for 2 s around it). Every msgId answered {@code persisted: true} must be in the
     * room's timeline in PostgreSQL exactly once, room-a must have drained its appender before it exited, and so
     * every {@code queued} answer is stored too.
     */
    @Test
    void sigtermDuringAPublishLoopLosesNoAcknowledgedPersistedMessage() throws Exception {
        String room = cluster.roomOwnedBy(cluster.roomA, "sigterm");
        Path log = Path.of("target", "e2e-logs", "room-a.log");
        long drainedBefore = occurrences(log, "shutdown: mailbox appender drained");

        Set<Long> persisted = ConcurrentHashMap.newKeySet();
        Set<Long> queued = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger beforeStop = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        List<String> targets = List.of(cluster.roomA.baseUrl(), cluster.roomA.baseUrl(), cluster.dispatcherUrl(),
                cluster.roomA.baseUrl());
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            String target = targets.get(t);
            // One publisher does not wait for the append and sends 8 at a time: entries queue up in room-a's appender.
            boolean noWait = t == 3;
            int inFlight = noWait ? 8 : 1;
            int publisher = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; !done.get(); i++) {
                    List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
                    for (int k = 0; k < inFlight; k++) {
                        ObjectNode body = Api.chatBody("pub-" + publisher, 10, "p" + publisher + " #" + i + "." + k);
                        body.put("noWaitForAppend", noWait);
                        sent.add(cluster.api.publishReplyAsync(target, room, body));
                    }
                    for (CompletableFuture<JsonNode> f : sent) {
                        try {
                            JsonNode reply = f.join();
                            if (reply.path("persisted").asBoolean()) {
                                persisted.add(reply.path("msgId").asLong());
                            } else if (reply.path("queued").asBoolean()) {
                                queued.add(reply.path("msgId").asLong());
                            }
                            if (!stopping.get()) {
                                beforeStop.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            refused.incrementAndGet();   // room-a going away: connection refused or reset, 503
                            ServiceProcess.sleep(20);
                        }
                    }
                }
            }, "publisher-" + t);
            thread.start();
            publishers.add(thread);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> persisted.size() >= 200);

        // The mailbox freezes for 2 s around the SIGTERM, so that room-a holds unanswered appends when it is told
        // to stop: its drain has real work, and must wait for the mailbox rather than exit without it.
        cluster.mailbox.signal("STOP");
        long stopMillis;
        try {
            ServiceProcess.sleep(500);
            stopping.set(true);
            Thread thaw = new Thread(() -> {
                ServiceProcess.sleep(1500);
                cluster.mailbox.signal("CONT");
            }, "mailbox-thaw");
            thaw.start();
            long stopStart = System.nanoTime();
            cluster.roomA.stop();   // SIGTERM (Process.destroy), then waits for the exit
            stopMillis = Duration.ofNanos(System.nanoTime() - stopStart).toMillis();
            thaw.join();
        } finally {
            cluster.mailbox.signal("CONT");
        }
        ServiceProcess.sleep(1000);   // the VIP publisher goes on with room-b alone
        done.set(true);
        for (Thread thread : publishers) {
            thread.join(30_000);
        }

        String draining = lastLine(log, "shutdown: draining");
        List<Long> timeline = cluster.api.timelineMsgIds("room:" + room);
        Map<Long, Long> copies = timeline.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long queuedStored = queued.stream().filter(copies::containsKey).count();
        System.out.printf("[e2e sigterm] acknowledged persisted %d (%d answers before SIGTERM), queued %d (%d of them "
                        + "stored), refused %d; room-a exited %d ms after SIGTERM; timeline %d entries; room-a: %s%n",
                persisted.size(), beforeStop.get(), queued.size(), queuedStored, refused.get(), stopMillis,
                timeline.size(), draining);
        assertThat(persisted.stream().filter(id -> !copies.containsKey(id)).toList())
                .as("acknowledged persisted but not in the timeline").isEmpty();
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("msgIds stored more than once").isEmpty();
        java.util.regex.Matcher pending = java.util.regex.Pattern.compile("draining (\\d+) mailbox entries").matcher(draining);
        assertThat(pending.find() && Long.parseLong(pending.group(1)) > 0)
                .as("room-a held unanswered appends at SIGTERM (the drain had work): %s", draining).isTrue();
        assertThat(occurrences(log, "shutdown: mailbox appender drained"))
                .as("room-a drained its appender within the grace period (see target/e2e-logs/room-a.log)")
                .isEqualTo(drainedBefore + 1);
        assertThat(queued.stream().filter(id -> !copies.containsKey(id)).toList())
                .as("queued before the stop, and drained: stored too").isEmpty();
    }

    /**
     * A broadcast and room chats reach room-service's appender within one flush interval, so they share an
     * AppendBatch: every chat is in the room's history and the broadcast is readable in the mailbox
     * {@code global}, as documented.
     */
    @Test
    void broadcastThenRoomChatsInOneAppendWindowAreAllStored() {
        String room = cluster.roomOwnedBy(cluster.roomA, "broadcast-batch");
        double giveUps = cluster.api.metric(cluster.roomA, "roomcast_mailbox_give_ups_total", null);
        // All to room-a, the room's owner, at once: one appender, one flush interval (20 ms).
        CompletableFuture<JsonNode> broadcast = cluster.api.broadcastAsync(cluster.roomA.baseUrl(),
                Api.body("BROADCAST", "notice " + room));
        List<CompletableFuture<JsonNode>> chats = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chats.add(cluster.api.publishReplyAsync(cluster.roomA.baseUrl(), room, Api.chatBody("fan-" + i, 5, "chat #" + i)));
        }
        List<Long> chatIds = new ArrayList<>();
        chatIds.add(cluster.api.timelineMsgIds("room:" + room).get(0));   // the ownership probe
        for (CompletableFuture<JsonNode> chat : chats) {
            JsonNode reply = chat.join();
            assertThat(reply.path("persisted").asBoolean()).as("chat: %s", reply).isTrue();
            chatIds.add(reply.path("msgId").asLong());
        }
        JsonNode broadcastReply = broadcast.join();
        assertThat(broadcastReply.path("persisted").asBoolean()).as("broadcast: %s", broadcastReply).isTrue();
        long broadcastId = broadcastReply.path("msgId").asLong();

        assertThat(cluster.api.timelineMsgIds("room:" + room)).as("every room chat in history")
                .containsExactlyInAnyOrderElementsOf(chatIds);
        assertThat(cluster.api.recentMsgIds(room, 50)).containsExactlyInAnyOrderElementsOf(chatIds);
        assertThat(cluster.api.newestMsgIds("global", 200)).as("the broadcast, in the mailbox global")
                .contains(broadcastId);
        assertThat(cluster.api.metric(cluster.roomA, "roomcast_mailbox_give_ups_total", null))
                .as("nothing given up").isEqualTo(giveUps);
    }

    /**
     * Messages with and without a sender, with a conflate key and with a ttl, published through room-service,
     * read back through recent, poll and range: each msgId exactly once on every path (the hot window once held
     * two encodings of a sender-less message).
     */
    @Test
    void everyReadPathReturnsEachPublishedMsgIdOnce() {
        String room = Rooms.unique("one-entry");
        List<ObjectNode> bodies = List.of(
                Api.body("NOTIFY", "n1 without sender"),
                Api.body("NOTIFY", "n2 with a conflate key").put("conflateKey", "notice"),
                Api.chatBody("alice", 12, "chat with sender"),
                Api.chatBody("bob", 3, "chat with ttl").put("ttlMs", 600_000),
                Api.body("NOTIFY", "n3 with an empty sender").set("sender", JsonNodeFactory.instance.objectNode()),
                Api.chatBody("carol", 0, "chat with both").put("conflateKey", "c").put("ttlMs", 600_000));
        List<Long> ids = new ArrayList<>();
        for (ObjectNode body : bodies) {
            JsonNode reply = cluster.api.publishReply(cluster.dispatcherUrl(), room, body);
            assertThat(reply.path("persisted").asBoolean()).as("persisted: %s", reply).isTrue();
            ids.add(reply.path("msgId").asLong());
        }
        assertThat(ids).doesNotHaveDuplicates();

        assertThat(cluster.api.timelineMsgIds("room:" + room)).as("range").containsExactlyElementsOf(ids);
        assertThat(cluster.api.recentMsgIds(room, 50)).as("recent").containsExactlyElementsOf(ids);
        assertThat(cluster.api.polledMsgIds(room, 0, 50)).as("poll").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(cluster.api.polledMsgIds(room, 0, ids.size())).as("poll with limit = count: duplicates eat no slot")
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    /**
     * room-a owns the room and is frozen (SIGSTOP): a publish sent to room-b is forwarded, the forward times out,
     * room-b serves it locally. When room-a wakes up it may still serve the forwarded copy. The viewer sees the
     * message once and the timeline holds one entry.
     */
    @Test
    void ownerForwardThatTimesOutThenSucceedsLocallyIsOneEntryAndOneDelivery() {
        String room = cluster.roomOwnedBy(cluster.roomA, "fwd-timeout");
        Viewer viewer = clients.viewer("fwd-watcher");
        viewer.join(room);
        double unreachable = cluster.api.metric(cluster.roomB, "roomcast_publish_forwards_total",
                "outcome=\"owner_unreachable\"");
        String text = "served by room-b " + room;
        JsonNode reply;
        cluster.roomA.signal("STOP");
        try {
            reply = cluster.api.publishReply(cluster.roomB.baseUrl(), room, Api.chatBody("host", 20, text));
        } finally {
            cluster.roomA.signal("CONT");
        }
        assertThat(cluster.api.metric(cluster.roomB, "roomcast_publish_forwards_total", "outcome=\"owner_unreachable\""))
                .isEqualTo(unreachable + 1);
        long msgId = reply.path("msgId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).containsKey(msgId));
        ServiceProcess.sleep(3000);   // room-a is awake again: a second copy would have gone out by now
        long shown = viewer.messages(room).stream().filter(m -> m.getBody().equals(text)).count();
        assertThat(shown).as("deliveries of the message").isEqualTo(1);
        assertThat(cluster.api.timelineMsgIds("room:" + room).stream().filter(id -> id == msgId).count())
                .as("timeline entries").isEqualTo(1);
        assertThat(cluster.api.timelineMsgIds("room:" + room)).as("no other copy under another msgId").hasSize(2);
    }

    private static String lastLine(Path log, String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).reduce((a, b) -> b).orElse("(no line with " + text + ")");
        }
    }

    private static long occurrences(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }
}
