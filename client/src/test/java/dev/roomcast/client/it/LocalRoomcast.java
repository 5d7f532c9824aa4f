package dev.roomcast.client.it;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.client.codec.FrameAssembler;
import dev.roomcast.proto.v1.AuthOk;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Error;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.MessagesReply;
import dev.roomcast.proto.v1.PollReply;
import dev.roomcast.proto.v1.PullGiftsReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A small, honest stand-in for a connector plus the REST parts of room-service (dispatcher),
 * mailbox-service and gift-service, on real sockets, so the client is tested over the network it
 * will meet: WebSocket and TCP frames, HTTP JSON. Behaviour follows client.proto.
 */
final class LocalRoomcast implements AutoCloseable {

    /** One client connection as the server sees it. */
    interface Conn {
        void send(Frame frame);

        void close(int code, String reason);
    }

    final String connectorId;
    final Vertx vertx;
    final List<Message> mailbox = new CopyOnWriteArrayList<>();
    final List<Gift> gifts = new CopyOnWriteArrayList<>();
    final List<Conn> connections = new CopyOnWriteArrayList<>();
    /** Connections that negotiated PAYLOAD_COMPACT at Auth (as the connector does: only if they list it). */
    final Set<Conn> compactConnections = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final List<Long> restAcks = new CopyOnWriteArrayList<>();
    final List<LocalRoomcast> dispatchTo = new CopyOnWriteArrayList<>();
    /** Dictionaries served at /v1/dictionaries/{id}; those in {@link #listedDictionaries} are also listed. */
    final Map<Integer, byte[]> dictionaries = new ConcurrentHashMap<>();
    final Set<Integer> listedDictionaries = ConcurrentHashMap.newKeySet();
    final List<String> dictionaryRequests = new CopyOnWriteArrayList<>();
    volatile int pollIntervalMs = 100;
    volatile boolean refuseAuth;
    /** The next this many Joins are answered with {@link #joinRefusal} (as a connector whose room-service timed out). */
    final java.util.concurrent.atomic.AtomicInteger refuseJoins = new java.util.concurrent.atomic.AtomicInteger();
    /** Messages the poll endpoint looks at, newest first (mailbox-service's hot window). */
    volatile int hotWindow = Integer.MAX_VALUE;
    /** Mailbox range reads to answer 503 before answering again (a mailbox busy with a big room's switch). */
    final java.util.concurrent.atomic.AtomicInteger failRangeReads = new java.util.concurrent.atomic.AtomicInteger();
    /** Polls to refuse with 503 (a busy mailbox). */
    final java.util.concurrent.atomic.AtomicInteger failPolls = new java.util.concurrent.atomic.AtomicInteger();
    /** Timeline range reads (after=) asked for, refused ones included. */
    final java.util.concurrent.atomic.AtomicInteger rangeReads = new java.util.concurrent.atomic.AtomicInteger();
    volatile ErrorCode joinRefusal = ErrorCode.UNAVAILABLE;
    /** The anchor's ack cursor as gift-service keeps it: the highest GiftAck or REST ack. */
    volatile long giftAckedSeq;
    /** While set, answers to GiftPull wait in {@link #heldPullAnswers} until {@link #releasePullAnswers()}. */
    volatile boolean holdPullAnswers;
    final List<Runnable> heldPullAnswers = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private NetServer tcp;

    LocalRoomcast(Vertx vertx, String connectorId) {
        this.vertx = vertx;
        this.connectorId = connectorId;
        dispatchTo.add(this);
    }

    LocalRoomcast start() throws Exception {
        http = vertx.createHttpServer().requestHandler(this::rest).webSocketHandler(ws -> {
            Conn conn = new Conn() {
                public void send(Frame f) { ws.writeBinaryMessage(Buffer.buffer(f.toByteArray())); }

                public void close(int code, String reason) { ws.close((short) code, reason); }
            };
            ws.binaryMessageHandler(b -> onFrame(conn, parse(b.getBytes())));
            ws.closeHandler(v -> {
                connections.remove(conn);
                compactConnections.remove(conn);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        tcp = vertx.createNetServer().connectHandler(socket -> {
            Conn conn = new Conn() {
                public void send(Frame f) { socket.write(Buffer.buffer(FrameAssembler.encode(f.toByteArray()))); }

                public void close(int code, String reason) {
                    send(Frame.newBuilder().setError(Error.newBuilder().setCodeValue(code).setMessage(reason)).build());
                    socket.close();
                }
            };
            FrameAssembler assembler = new FrameAssembler(1 << 16, bytes -> onFrame(conn, parse(bytes)));
            socket.handler(b -> assembler.feed(b.getBytes(), 0, b.length()));
            socket.closeHandler(v -> {
                connections.remove(conn);
                compactConnections.remove(conn);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.actualPort();
    }

    private void onFrame(Conn conn, Frame frame) {
        try {
            answer(conn, frame);
        } finally {
            // Recorded after answering: a test that saw the frame knows the answer used the state before.
            received.add(frame);
        }
    }

    private void answer(Conn conn, Frame frame) {
        switch (frame.getKindCase()) {
            case AUTH -> {
                if (refuseAuth) {
                    conn.close(ErrorCode.SERVER_ERROR_VALUE, "refusing");
                    return;
                }
                boolean compact = frame.getAuth().getPayloadFormatsList().contains(PayloadFormat.PAYLOAD_COMPACT);
                if (compact) {
                    compactConnections.add(conn);
                }
                connections.add(conn);
                conn.send(Frame.newBuilder().setReqId(frame.getReqId()).setAuthOk(AuthOk.newBuilder()
                        .setUserId("u").setHeartbeatIntervalMs(1000).setIdleTimeoutMs(5000).setConnectorId(connectorId)
                        .setPayloadFormat(compact ? PayloadFormat.PAYLOAD_COMPACT : PayloadFormat.PAYLOAD_PLAIN)).build());
            }
            case JOIN -> {
                if (refuseJoins.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    conn.send(Frame.newBuilder().setReqId(frame.getReqId()).setError(Error.newBuilder()
                            .setCode(joinRefusal).setMessage("room-service unavailable, retry")).build());
                    return;
                }
                conn.send(Frame.newBuilder().setReqId(frame.getReqId()).setJoinOk(JoinOk.newBuilder()
                    .setRoomId(frame.getJoin().getRoomId()).setOnlineCount(connections.size())
                    .setPollIntervalMs(pollIntervalMs).setHeartbeatIntervalMs(500).setHistoryUrl(baseUrl())
                    .setGiftChannel(frame.getJoin().getGiftChannel())).build());
            }
            case HEARTBEAT -> conn.send(frame);
            case GIFT_ACK -> giftAckedSeq = Math.max(giftAckedSeq, frame.getGiftAck().getSeq());
            case GIFT_PULL -> {
                // Like the connector's relay: the page after after_seq with the ledger's cursor, under the pull's req_id.
                Frame answer = giftPush(frame.getGiftPull().getRoomId(),
                        gifts.stream().filter(g -> g.getSeq() > frame.getGiftPull().getAfterSeq()).toList(), giftAckedSeq)
                        .toBuilder().setReqId(frame.getReqId()).build();
                if (holdPullAnswers) {
                    heldPullAnswers.add(() -> conn.send(answer));
                } else {
                    conn.send(answer);
                }
            }
            default -> { }
        }
    }

    static Frame giftPush(String roomId, List<Gift> gifts) {
        return giftPush(roomId, gifts, 0);
    }

    /** A push as gift-service sends it, with its view of the anchor's cursor (which may lag the ledger's). */
    static Frame giftPush(String roomId, List<Gift> gifts, long ackedSeq) {
        return Frame.newBuilder().setGiftPush(GiftPush.newBuilder().setRoomId(roomId).addAllGifts(gifts).setAckedSeq(ackedSeq)).build();
    }

    void releasePullAnswers() {
        holdPullAnswers = false;
        heldPullAnswers.forEach(Runnable::run);
        heldPullAnswers.clear();
    }

    /** A block of these messages, zstd-compressed as room-service builds it, to every connection. */
    void pushBlock(String roomId, List<Message> messages) {
        byte[] raw = BlockPayload.newBuilder().addAllMessages(messages).build().toByteArray();
        Frame frame = Frame.newBuilder().setBlock(Block.newBuilder().setMcastId("room:" + roomId).setCodec(Codec.CODEC_ZSTD)
                .setPayload(ByteString.copyFrom(Zstd.compress(raw, 3))).setUncompressedSize(raw.length)
                .setMessageCount(messages.size()).setCreatedAtMs(System.currentTimeMillis())).build();
        sendAll(frame);
    }

    /** A block compressed with this dictionary (its id in Block.dictionary_id), as room-service builds it. */
    void pushBlock(String roomId, List<Message> messages, byte[] dictionary) {
        byte[] raw = BlockPayload.newBuilder().addAllMessages(messages).build().toByteArray();
        Frame frame = Frame.newBuilder().setBlock(Block.newBuilder().setMcastId("room:" + roomId).setCodec(Codec.CODEC_ZSTD)
                .setDictionaryId((int) Zstd.getDictIdFromDict(dictionary))
                .setPayload(ByteString.copyFrom(compressWith(raw, dictionary))).setUncompressedSize(raw.length)
                .setMessageCount(messages.size()).setCreatedAtMs(System.currentTimeMillis())).build();
        sendAll(frame);
    }

    private static byte[] compressWith(byte[] raw, byte[] dictionary) {
        try (com.github.luben.zstd.ZstdCompressCtx ctx = new com.github.luben.zstd.ZstdCompressCtx()) {
            return ctx.setLevel(3).loadDict(dictionary).compress(raw);
        }
    }

    /**
     * A block as room-service hands it to the connector, plain and (when smaller) compact, each written as is:
     * the compact frame to connections that negotiated it, the plain one to the rest.
     */
    void pushEncoded(byte[] plainFrame, byte[] compactFrame) {
        for (Conn c : connections) {
            byte[] bytes = compactFrame != null && compactConnections.contains(c) ? compactFrame : plainFrame;
            c.send(parse(bytes));
        }
    }

    void sendAll(Frame frame) {
        connections.forEach(c -> c.send(frame));
    }

    void closeAll(ErrorCode code) {
        connections.forEach(c -> c.close(code.getNumber(), code.name()));
    }

    private void rest(HttpServerRequest req) {
        String path = req.path();
        MessageOrBuilder body;
        if (path.equals("/v1/dispatch")) {
            StringBuilder json = new StringBuilder("{\"connectors\":[");
            for (int i = 0; i < dispatchTo.size(); i++) {
                LocalRoomcast c = dispatchTo.get(i);
                json.append(i == 0 ? "" : ",").append("{\"connectorId\":\"").append(c.connectorId)
                        .append("\",\"wsUrl\":\"ws://127.0.0.1:").append(c.http.actualPort()).append("/ws\",\"tcpAddress\":\"127.0.0.1:")
                        .append(c.tcp.actualPort()).append("\"}");
            }
            req.response().putHeader("content-type", "application/json").end(json.append("]}").toString());
            return;
        } else if (path.startsWith("/v1/dictionaries")) {
            dictionaryRequests.add(path);
            serveDictionary(req, path);
            return;
        } else if (path.endsWith("/messages/recent")) {
            int limit = Integer.parseInt(req.getParam("limit"));
            body = MessagesReply.newBuilder().addAllMessages(mailbox.subList(Math.max(0, mailbox.size() - limit), mailbox.size()));
        } else if (path.startsWith("/v1/mailboxes/")) {
            rangeReads.incrementAndGet();
            if (failRangeReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                req.response().setStatusCode(503).end("{\"code\":\"UNAVAILABLE\",\"message\":\"busy\"}");
                return;
            }
            long after = Long.parseLong(req.getParam("after"));
            body = MessagesReply.newBuilder().addAllMessages(mailbox.stream().filter(m -> m.getMsgId() > after).toList());
        } else if (path.endsWith("/poll")) {
            if (failPolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                req.response().setStatusCode(503).end("{\"code\":\"OVERLOADED\",\"message\":\"busy\"}");
                return;
            }
            long cursor = Long.parseLong(req.getParam("cursor"));
            // Like mailbox-service: only the newest hotWindow messages are polled; an older cursor is clamped.
            List<Message> window = mailbox.subList(Math.max(0, mailbox.size() - hotWindow), mailbox.size());
            long floor = mailbox.size() > hotWindow ? window.get(0).getMsgId() - 1 : 0;
            boolean clamped = cursor > 0 && cursor < floor;
            List<Message> fresh = window.stream().filter(m -> m.getMsgId() > cursor).toList();
            long next = fresh.isEmpty() ? cursor : fresh.get(fresh.size() - 1).getMsgId();
            body = PollReply.newBuilder().addAllMessages(fresh).setNextCursor(next).setPollIntervalMs(pollIntervalMs)
                    .setClamped(clamped);
        } else if (path.endsWith("/gifts/ack")) {
            req.body().onSuccess(b -> {
                restAcks.add(b.toJsonObject().getLong("seq"));
                giftAckedSeq = Math.max(giftAckedSeq, b.toJsonObject().getLong("seq"));
                req.response().putHeader("content-type", "application/json").end("{\"ackedSeq\":" + b.toJsonObject().getLong("seq") + "}");
            });
            return;
        } else if (path.endsWith("/gifts")) {
            long after = Long.parseLong(req.getParam("afterSeq"));
            body = PullGiftsReply.newBuilder().addAllGifts(gifts.stream().filter(g -> g.getSeq() > after).toList())
                    .setAckedSeq(giftAckedSeq);
        } else {
            req.response().setStatusCode(404).end("{\"code\":\"NOT_FOUND\",\"message\":\"" + path + "\"}");
            return;
        }
        String accept = req.getHeader("accept");
        if (accept != null && accept.contains("application/x-protobuf")) {
            // Like mailbox-service's poll: protobuf when asked for.
            byte[] bytes = body instanceof com.google.protobuf.Message m ? m.toByteArray()
                    : ((com.google.protobuf.Message.Builder) body).build().toByteArray();
            req.response().putHeader("content-type", "application/x-protobuf").end(Buffer.buffer(bytes));
            return;
        }
        try {
            req.response().putHeader("content-type", "application/json").end(JsonFormat.printer().print(body));
        } catch (InvalidProtocolBufferException e) {
            req.response().setStatusCode(500).end();
        }
    }

    /** Like room-service: the list as JSON, one dictionary as immutable octets, 404 for an unknown id. */
    private void serveDictionary(HttpServerRequest req, String path) {
        if (path.equals("/v1/dictionaries")) {
            StringBuilder json = new StringBuilder("[");
            for (int id : listedDictionaries) {
                json.append(json.length() == 1 ? "" : ",").append("{\"id\":").append(id)
                        .append(",\"bytes\":").append(dictionaries.get(id).length).append(",\"sha256\":\"x\"}");
            }
            req.response().putHeader("content-type", "application/json").end(json.append("]").toString());
            return;
        }
        byte[] dict = dictionaries.get(Integer.parseInt(path.substring("/v1/dictionaries/".length())));
        if (dict == null) {
            req.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"code\":\"unknown_dictionary\",\"message\":\"" + path + "\"}");
        } else {
            req.response().putHeader("content-type", "application/octet-stream")
                    .putHeader("cache-control", "public, max-age=31536000, immutable").end(Buffer.buffer(dict));
        }
    }

    private static Frame parse(byte[] bytes) {
        try {
            return Frame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        tcp.close();
    }
}
