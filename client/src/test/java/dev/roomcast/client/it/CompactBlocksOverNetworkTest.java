package dev.roomcast.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.roomcast.client.BlockStats;
import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.client.TransportKind;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.CompactBlockPayload;
import dev.roomcast.proto.v1.CompactMessage;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.Sender;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.EncodedBlock;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Blocks encoded by the server's own codec in both payload forms, written per connection as the connector does:
 * a client that asks for the compact form gets it and restores the very messages an old client (which asks for
 * nothing) gets from the plain form.
 */
class CompactBlocksOverNetworkTest {

    private static final String ROOM = "42";
    private static final byte[] BUNDLED = BlockCodec.bundledDictionary();

    private Vertx vertx;
    private LocalRoomcast server;
    private ClientRuntime runtime;
    private final List<RoomcastClient> clients = new CopyOnWriteArrayList<>();

    static final class Recorder implements ClientListener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<BlockStats> blocks = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onMessages(String roomId, List<Message> batch) {
            messages.addAll(batch);
        }

        @Override
        public void onBlock(BlockStats stats) {
            blocks.add(stats);
        }

        @Override
        public void onError(int code, String message) {
            errors.add(message);
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new LocalRoomcast(vertx, "c1").start();
        server.dictionaries.put(BlockCodec.dictionaryId(BUNDLED), BUNDLED);
        server.listedDictionaries.add(BlockCodec.dictionaryId(BUNDLED));
        runtime = ClientRuntime.create(1);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(RoomcastClient::close);
        runtime.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RoomcastClient joined(ClientConfig.Builder config, Recorder app) throws Exception {
        RoomcastClient client = runtime.newClient(config.build(), app);
        clients.add(client);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return client;
    }

    private ClientConfig.Builder config(TransportKind transport) {
        return ClientConfig.builder(server.baseUrl()).recentHistoryLimit(0).transport(transport);
    }

    /** Chat as a busy room has it: regulars who speak twice in a block, anonymous viewers, transient counts. */
    static List<Message> traffic(long firstId, int count) {
        List<Message> out = new ArrayList<>();
        long id = firstId;
        long at = 1_760_000_000_000L + firstId * 37;
        for (int i = 0; i < count; i++) {
            at += (i * 37L) % 90 - 30;   // mostly forward, sometimes back: negative deltas on the wire
            Message.Builder m = Message.newBuilder().setRoomId(ROOM).setCreatedAtMs(at);
            if (i % 9 == 8) {
                m.setType(MessageType.ONLINE_COUNT).setPriority(160).setConflateKey("online").setBody("12345");
            } else {
                int who = (int) ((firstId + i) % 6);
                Sender sender = who == 5
                        ? Sender.newBuilder().setUserId("d" + Long.toHexString(firstId * 31 + i)).setAnonymous(true).build()
                        : Sender.newBuilder().setUserId("u" + (1000 + who)).setLevel(who * 9).setNickname("观众" + who + "号🌟").build();
                m.setMsgId(++id).setType(MessageType.CHAT).setPriority(100 + sender.getLevel()).setSender(sender)
                        .setBody("{\"text\":\"主播好厉害 " + i + "\",\"fansMedal\":{\"name\":\"铁粉\",\"level\":" + who + "}}");
            }
            out.add(m.build());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aNegotiatingClientGetsCompactBlocksAndAnOldClientPlainOnesWithTheSameMessages(TransportKind transport)
            throws Exception {
        Recorder fresh = new Recorder();
        Recorder old = new Recorder();
        RoomcastClient freshClient = joined(config(transport), fresh);
        RoomcastClient oldClient = joined(config(transport).compactBlocks(false), old);
        List<Frame> auths = server.received.stream().filter(Frame::hasAuth).toList();
        assertThat(auths).extracting(f -> f.getAuth().getPayloadFormatsList())
                .containsExactlyInAnyOrder(List.of(PayloadFormat.PAYLOAD_COMPACT), List.of());

        // Without a dictionary (the bundled one was trained on plain payloads only; a learned one sees both forms).
        BlockCodec codec = new BlockCodec(512, 512, 3, null, true);
        List<Message> sent = new ArrayList<>();
        int compactBlocks = 0;
        long nextId = 1;
        for (int size : new int[] {1, 2, 5, 20, 20, 5}) {
            List<Message> block = traffic(nextId, size);
            nextId += size;
            sent.addAll(block);
            EncodedBlock encoded = codec.encode(ROOM, "room:" + ROOM, sent.size(), block, System.currentTimeMillis(), false);
            compactBlocks += encoded.hasCompactForm() ? 1 : 0;
            server.pushEncoded(encoded.frameBytes(), encoded.compactFrameBytes());
        }

        Eventually.until("both clients hold every message",
                () -> fresh.messages.size() == sent.size() && old.messages.size() == sent.size());
        assertThat(fresh.messages).isEqualTo(sent);
        assertThat(old.messages).isEqualTo(sent);
        assertThat(compactBlocks).as("blocks of 2+ messages with repeated senders are smaller compact").isEqualTo(5);
        assertThat(fresh.blocks).filteredOn(BlockStats::compactPayload).hasSize(compactBlocks);
        assertThat(old.blocks).noneMatch(BlockStats::compactPayload).hasSize(6);
        assertThat(freshClient.stats().decodeErrors()).isZero();
        assertThat(oldClient.stats().decodeErrors()).isZero();
        long freshBytes = fresh.blocks.stream().mapToLong(BlockStats::wireBytes).sum();
        long oldBytes = old.blocks.stream().mapToLong(BlockStats::wireBytes).sum();
        assertThat(freshBytes).as("compact blocks are smaller on the wire").isLessThan(oldBytes);
    }

    @Test
    void aCompactBlockWithASenderOutOfRangeIsADecodeErrorAndTheNextBlockStillArrives() throws Exception {
        Recorder app = new Recorder();
        RoomcastClient client = joined(config(TransportKind.TCP), app);
        CompactBlockPayload bad = CompactBlockPayload.newBuilder().addRooms(ROOM)
                .addSenders(Sender.newBuilder().setUserId("only-one"))
                .addMessages(CompactMessage.newBuilder().setMsgIdDelta(5).setType(MessageType.CHAT).setSenderRef(3)).build();
        Frame badFrame = Frame.newBuilder().setBlock(Block.newBuilder().setMcastId("room:" + ROOM).setBlockSeq(1)
                .setMessageCount(1).setPayload(bad.toByteString()).setUncompressedSize(bad.getSerializedSize())
                .setPayloadFormat(PayloadFormat.PAYLOAD_COMPACT)).build();
        Frame garbage = badFrame.toBuilder().setBlock(badFrame.getBlock().toBuilder().setBlockSeq(2)
                .setPayload(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x07}))).build();
        server.pushEncoded(badFrame.toByteArray(), badFrame.toByteArray());
        server.pushEncoded(garbage.toByteArray(), garbage.toByteArray());
        EncodedBlock good = new BlockCodec(512, 64, 3, BUNDLED, true).encode(ROOM, "room:" + ROOM, 3, traffic(100, 5), 1, false);
        server.pushEncoded(good.frameBytes(), good.compactFrameBytes());

        Eventually.until("the good block arrives", () -> app.messages.size() == 5);
        assertThat(client.stats().decodeErrors()).isEqualTo(2);
        assertThat(app.errors).anyMatch(e -> e.contains("refers to sender 3 of 1"))
                .anyMatch(e -> e.contains("not a CompactBlockPayload"));
        assertThat(app.messages).isEqualTo(traffic(100, 5));
    }
}
