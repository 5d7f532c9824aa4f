package dev.roomcast.loadgen.run;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.proto.v1.AuthOk;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Roomcast on one port for the load generator's own test: dispatcher, WebSocket
 * connector that emits a zstd block every 100 ms (four chat lines, one big gift), publish and gift
 * endpoints that count calls, an empty mailbox and a metrics page with a growing drop counter.
 */
final class MiniRoomcast implements AutoCloseable {

    final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    final AtomicLong publishes = new AtomicLong();
    final AtomicLong gifts = new AtomicLong();
    final AtomicLong dictionaryLists = new AtomicLong();
    final AtomicLong dictionaryDownloads = new AtomicLong();
    /** room-service's default: blocks compressed with the scheduler's bundled dictionary, served by id. */
    static final byte[] DICTIONARY = dev.roomcast.scheduler.BlockCodec.bundledDictionary();
    static final int DICTIONARY_ID = dev.roomcast.scheduler.BlockCodec.dictionaryId(DICTIONARY);
    private final AtomicLong msgIds = new AtomicLong();
    private final HttpServer server;
    private final Vertx vertx;

    MiniRoomcast(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().webSocketHandler(this::connection).requestHandler(req -> {
            String path = req.path();
            if (path.equals("/v1/dispatch")) {
                req.response().end("{\"connectors\":[{\"connectorId\":\"c1\",\"wsUrl\":\"ws://127.0.0.1:" + port() + "/ws\"}]}");
            } else if (path.endsWith("/messages") && req.method().name().equals("POST")) {
                publishes.incrementAndGet();
                req.response().end("{\"msgId\":1}");
            } else if (path.equals("/v1/gifts")) {
                gifts.incrementAndGet();
                req.response().setStatusCode(201).end("{}");
            } else if (path.equals("/v1/dictionaries")) {
                dictionaryLists.incrementAndGet();
                req.response().putHeader("content-type", "application/json")
                        .end("[{\"id\":" + DICTIONARY_ID + ",\"bytes\":" + DICTIONARY.length + ",\"sha256\":\"-\"}]");
            } else if (path.equals("/v1/dictionaries/" + DICTIONARY_ID)) {
                dictionaryDownloads.incrementAndGet();
                req.response().putHeader("content-type", "application/octet-stream").end(Buffer.buffer(DICTIONARY));
            } else if (path.equals("/q/metrics")) {
                req.response().end("roomcast_scheduler_dropped_total{reason=\"overflow\"} " + msgIds.get() + ".0\n");
            } else {
                req.response().end("{\"messages\":[]}");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        vertx.setPeriodic(100, id -> pushBlock());
    }

    int port() {
        return server.actualPort();
    }

    private void connection(ServerWebSocket ws) {
        ws.binaryMessageHandler(b -> {
            Frame f;
            try {
                f = Frame.parseFrom(b.getBytes());
            } catch (InvalidProtocolBufferException e) {
                ws.close((short) 4000);
                return;
            }
            if (f.hasAuth()) {
                sockets.add(ws);
                send(ws, Frame.newBuilder().setReqId(f.getReqId()).setAuthOk(AuthOk.newBuilder().setHeartbeatIntervalMs(5000)).build());
            } else if (f.hasJoin()) {
                send(ws, Frame.newBuilder().setReqId(f.getReqId()).setJoinOk(JoinOk.newBuilder().setRoomId(f.getJoin().getRoomId())
                        .setHistoryUrl("http://127.0.0.1:" + port())).build());
            }
        });
        ws.closeHandler(v -> sockets.remove(ws));
    }

    private void pushBlock() {
        long now = System.currentTimeMillis();
        BlockPayload.Builder payload = BlockPayload.newBuilder();
        for (int i = 0; i < 4; i++) {
            payload.addMessages(Message.newBuilder().setRoomId("loadgen-live").setMsgId(msgIds.incrementAndGet()).setType(MessageType.CHAT)
                    .setPriority(110).setCreatedAtMs(now - 30).setBody("666666 主播好厉害 🎉")
                    .setSender(Sender.newBuilder().setUserId("u" + i).setLevel(10).setNickname("观众" + i)));
        }
        payload.addMessages(Message.newBuilder().setRoomId("loadgen-live").setMsgId(msgIds.incrementAndGet()).setType(MessageType.GIFT)
                .setPriority(220).setCreatedAtMs(now - 5).setBody("{\"gift\":\"rocket\"}"));
        byte[] raw = payload.build().toByteArray();
        byte[] packed;
        try (com.github.luben.zstd.ZstdCompressCtx ctx = new com.github.luben.zstd.ZstdCompressCtx()) {
            packed = ctx.setLevel(3).loadDict(DICTIONARY).compress(raw);
        }
        Frame frame = Frame.newBuilder().setBlock(Block.newBuilder().setMcastId("room:loadgen-live").setCodec(Codec.CODEC_ZSTD)
                .setDictionaryId(DICTIONARY_ID).setPayload(ByteString.copyFrom(packed)).setUncompressedSize(raw.length).setMessageCount(5)
                .setCreatedAtMs(now)).build();
        sockets.forEach(ws -> send(ws, frame));
    }

    private static void send(ServerWebSocket ws, Frame f) {
        ws.writeBinaryMessage(Buffer.buffer(f.toByteArray()));
    }

    @Override
    public void close() {
        server.close();
    }
}
