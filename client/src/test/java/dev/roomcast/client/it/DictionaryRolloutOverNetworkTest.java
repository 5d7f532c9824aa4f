package dev.roomcast.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.DictionaryTrainer;
import dev.roomcast.scheduler.EncodedBlock;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocks as room-service's codec builds them (per block the smallest of plain, zstd and zstd + dictionary)
 * and a dictionary rollout while the client is connected: it keeps decoding across the switch.
 */
class DictionaryRolloutOverNetworkTest {

    private static final String ROOM = "42";
    private static final byte[] BUNDLED = BlockCodec.bundledDictionary();

    private Vertx vertx;
    private LocalRoomcast server;
    private ClientRuntime runtime;
    private RoomcastClient client;
    private long nextMsgId = 1;

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
        if (client != null) {
            client.close();
        }
        runtime.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private DictionaryOverNetworkTest.Recorder joined() throws Exception {
        DictionaryOverNetworkTest.Recorder app = new DictionaryOverNetworkTest.Recorder();
        client = runtime.newClient(ClientConfig.builder(server.baseUrl()).recentHistoryLimit(0).build(), app);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return app;
    }

    /** Chat of another shape than the bundled dictionary's, so that a learned one pays. */
    private List<Message> chat(Random random, int size) {
        List<Message> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int user = random.nextInt(50_000);
            out.add(Message.newBuilder().setRoomId(ROOM).setMsgId(nextMsgId++).setType(MessageType.CHAT).setPriority(110)
                    .setCreatedAtMs(System.currentTimeMillis())
                    .setSender(Sender.newBuilder().setUserId("acct-" + user).setNickname("ShadowHunter" + user % 100))
                    .setBody("{\"msg\":\"GG WP " + random.nextInt(100) + "\",\"avatar\":\"https://img.playcast.gg/u/"
                            + Integer.toHexString(user * 40_503) + ".webp\",\"badges\":[{\"title\":\"VIP\"}]}").build());
        }
        return out;
    }

    private Block send(BlockCodec codec, List<Message> messages) throws Exception {
        EncodedBlock encoded = codec.encode(ROOM, "room:" + ROOM, 1, messages, System.currentTimeMillis(), false);
        Frame frame = Frame.parseFrom(encoded.frameBytes());
        server.sendAll(frame);
        return frame.getBlock();
    }

    @Test
    void everyFormTheCodecChoosesPerBlockDecodesInTheClient() throws Exception {
        DictionaryOverNetworkTest.Recorder app = joined();
        BlockCodec codec = new BlockCodec(512, 64, 3, BUNDLED);
        Random random = new Random(1);
        Set<String> forms = new HashSet<>();
        int expected = 0;
        for (int size : new int[] {1, 2, 5, 20, 1, 20}) {
            Block block = send(codec, chat(random, size));
            forms.add(block.getCodec() + "/" + (block.getDictionaryId() == 0 ? "none" : "dict"));
            expected += size;
        }
        int total = expected;
        DictionaryOverNetworkTest.await(() -> app.msgIds.size() == total);
        assertThat(app.msgIds).containsExactlyElementsOf(() -> java.util.stream.LongStream.rangeClosed(1, total).boxed().iterator());
        assertThat(forms).as("small blocks go raw, larger ones compressed").contains(Codec.CODEC_NONE + "/none")
                .anyMatch(f -> f.startsWith(Codec.CODEC_ZSTD.name()));
        assertThat(client.stats().decodeErrors()).isZero();
    }

    @Test
    void aClientConnectedBeforeARolloutDecodesTheBlocksAfterIt() throws Exception {
        DictionaryOverNetworkTest.Recorder app = joined();
        BlockCodec codec = new BlockCodec(512, 64, 3, BUNDLED);
        Random random = new Random(2);
        send(codec, chat(random, 20));
        DictionaryOverNetworkTest.await(() -> app.msgIds.size() == 20);

        // The rollout: room-service learns a dictionary, serves it, then (after the activation time) uses it.
        List<byte[]> sample = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sample.add(BlockPayload.newBuilder().addAllMessages(chat(random, 1 + i % 20)).build().toByteArray());
        }
        nextMsgId = 21;
        byte[] learned = DictionaryTrainer.propose(sample, 10, 16 * 1024, 3, BUNDLED, 40_000).dictionary();
        server.dictionaries.put(40_000, learned);
        codec.useDictionary(learned);

        Block after = send(codec, chat(random, 20));
        send(codec, chat(random, 5));

        assertThat(after.getDictionaryId()).isEqualTo(40_000);
        DictionaryOverNetworkTest.await(() -> app.msgIds.size() == 45);
        assertThat(app.msgIds).doesNotHaveDuplicates().hasSize(45);
        assertThat(server.dictionaryRequests).as("the new id fetched on demand, once").containsOnlyOnce("/v1/dictionaries/40000");
        assertThat(client.stats().decodeErrors()).isZero();
    }
}
