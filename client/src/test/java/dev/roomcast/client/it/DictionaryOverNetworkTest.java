package dev.roomcast.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dictionary-compressed blocks with dictionaries downloaded from the dispatcher's room-service (the default). */
class DictionaryOverNetworkTest {

    private static final String ROOM = "42";
    private static final byte[] LISTED = dictionary("来了来了 666 主播好厉害 ");
    private static final byte[] UNLISTED = dictionary("gift rocket combo x");

    private Vertx vertx;
    private LocalRoomcast server;
    private ClientRuntime runtime;
    private final List<RoomcastClient> clients = new CopyOnWriteArrayList<>();

    static final class Recorder implements ClientListener {
        final List<Long> msgIds = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onMessages(String roomId, List<Message> messages) {
            messages.forEach(m -> msgIds.add(m.getMsgId()));
        }

        @Override
        public void onError(int code, String message) {
            errors.add(message);
        }
    }

    /** A trained dictionary; different phrases give a different id. */
    static byte[] dictionary(String phrase) {
        List<byte[]> samples = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            BlockPayload.Builder b = BlockPayload.newBuilder();
            for (int i = 0; i < 3; i++) {
                b.addMessages(Message.newBuilder().setRoomId(ROOM).setMsgId(k * 3L + i).setType(MessageType.CHAT)
                        .setSender(Sender.newBuilder().setUserId("user-" + (k % 11)).setNickname("观众" + k).setLevel(k % 60))
                        .setBody(phrase + k));
            }
            samples.add(b.build().toByteArray());
        }
        byte[] dict = new byte[4096];
        long size = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), dict);
        return Arrays.copyOf(dict, (int) size);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

    static int id(byte[] dictionary) {
        return (int) Zstd.getDictIdFromDict(dictionary);
    }

    static List<Message> msgs(long... ids) {
        return LongStream.of(ids).mapToObj(ClientOverNetworkTest::msg).toList();
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new LocalRoomcast(vertx, "c1").start();
        server.dictionaries.put(id(LISTED), LISTED);
        server.dictionaries.put(id(UNLISTED), UNLISTED);
        server.listedDictionaries.add(id(LISTED));
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

    private ClientConfig.Builder config() {
        return ClientConfig.builder(server.baseUrl()).recentHistoryLimit(0);
    }

    @Test
    void loadsTheListedDictionaryAtConnectOncePerRuntimeAndDecodesItsBlocks() throws Exception {
        assertThat(id(LISTED)).isNotEqualTo(id(UNLISTED)).isNotZero();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        joined(config(), a);
        joined(config(), b);
        await(() -> server.dictionaryRequests.contains("/v1/dictionaries/" + id(LISTED)));

        server.pushBlock(ROOM, msgs(1, 2), LISTED);

        await(() -> a.msgIds.size() == 2 && b.msgIds.size() == 2);
        assertThat(a.msgIds).containsExactly(1L, 2L);
        assertThat(server.dictionaryRequests).as("two clients of one runtime download it once")
                .containsOnlyOnce("/v1/dictionaries/" + id(LISTED));
        assertThat(clients.get(0).stats().decodeErrors()).isZero();
    }

    @Test
    void downloadsAnUnknownDictionaryABlockNamesThenDecodesInArrivalOrder() throws Exception {
        Recorder app = new Recorder();
        RoomcastClient client = joined(config(), app);

        server.pushBlock(ROOM, msgs(10, 11), UNLISTED);
        server.pushBlock(ROOM, msgs(12), LISTED);
        server.pushBlock(ROOM, msgs(13, 14), UNLISTED);

        await(() -> app.msgIds.size() == 5);
        assertThat(app.msgIds).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(server.dictionaryRequests).containsOnlyOnce("/v1/dictionaries/" + id(UNLISTED));
        assertThat(client.stats().decodeErrors()).isZero();
    }

    @Test
    void countsAndReportsABlockWhoseDictionaryCannotBeDownloaded() throws Exception {
        Recorder app = new Recorder();
        RoomcastClient client = joined(config(), app);
        byte[] missing = dictionary("nobody serves this one");

        server.pushBlock(ROOM, msgs(20), missing);
        server.pushBlock(ROOM, msgs(21), LISTED);

        await(() -> app.msgIds.contains(21L));
        assertThat(client.stats().decodeErrors()).isEqualTo(1);
        assertThat(app.msgIds).containsExactly(21L);
        assertThat(app.errors).anyMatch(e -> e.contains("could not be downloaded"))
                .anyMatch(e -> e.contains("unknown zstd dictionary " + id(missing)));
        assertThat(server.dictionaryRequests).contains("/v1/dictionaries/" + id(missing));
    }

    @Test
    void withDownloadsOffAnUnknownDictionaryIsADecodeErrorAndNothingIsFetched() throws Exception {
        Recorder app = new Recorder();
        RoomcastClient client = joined(config().fetchDictionaries(false), app);

        server.pushBlock(ROOM, msgs(30), UNLISTED);

        await(() -> client.stats().decodeErrors() == 1);
        assertThat(server.dictionaryRequests).isEmpty();
        assertThat(app.msgIds).isEmpty();
    }

    @Test
    void anAppProvidedDictionaryIsUsedWithoutADownload() throws Exception {
        Recorder app = new Recorder();
        joined(config().dictionaries(dev.roomcast.client.DictionaryProvider.of(UNLISTED)), app);

        server.pushBlock(ROOM, msgs(40), UNLISTED);

        await(() -> app.msgIds.contains(40L));
        assertThat(server.dictionaryRequests).doesNotContain("/v1/dictionaries/" + id(UNLISTED));
    }
}
