package dev.roomcast.client;

import dev.roomcast.client.codec.BlockDecoder;
import dev.roomcast.client.codec.RemoteDictionaries;
import dev.roomcast.client.net.DispatcherApi;
import dev.roomcast.client.net.Endpoint;
import dev.roomcast.client.net.GiftApi;
import dev.roomcast.client.net.IoPool;
import dev.roomcast.client.net.MailboxApi;
import dev.roomcast.client.net.RestCalls;
import dev.roomcast.client.net.Transport;
import dev.roomcast.client.policy.Backoff;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.Join;
import dev.roomcast.proto.v1.Leave;
import dev.roomcast.proto.v1.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connection lifecycle of one client: dispatcher, connect, Auth, re-join every room, heartbeat,
 * and reconnect with back-off. Every method runs on the client's own event-loop context; frames are
 * interpreted by {@link FrameHandler}.
 */
final class Session implements Transport.Listener {

    final ClientConfig config;
    final ClientListener listener;
    final ClientStats stats = new ClientStats();
    final MailboxApi mailbox;
    final GiftApi gifts;
    final Map<String, RoomChannel> rooms = new LinkedHashMap<>();
    final Heartbeats heartbeats;
    private final IoPool io;
    private final Context context;
    private final DispatcherApi dispatcher;
    private final BlockIntake blocks;
    private final RemoteDictionaries remoteDictionaries;   // null when dictionary downloads are off
    private final Backoff backoff;
    private final FrameHandler frames;
    private Transport transport;
    private ConnectionState state = ConnectionState.CLOSED;
    private String currentConnector;
    String avoidConnector;           // told to leave it (Reconnect): prefer another next time
    private long reqIds;
    private final Map<Long, RoomChannel> pendingJoins = new java.util.HashMap<>();
    private boolean closed;
    private long authTimer = -1;

    Session(IoPool io, ClientConfig config, ClientListener listener) {
        this(io, config, listener, null);
    }

    /** @param remoteDictionaries dictionaries downloaded from the dispatcher's room-service (null: none) */
    Session(IoPool io, ClientConfig config, ClientListener listener, RemoteDictionaries remoteDictionaries) {
        this.io = io;
        this.config = config;
        this.listener = listener;
        this.context = io.newContext();
        RestCalls rest = new RestCalls(io.http(), 10_000);
        this.dispatcher = new DispatcherApi(rest, config.dispatcherUrl);
        this.mailbox = new MailboxApi(rest);
        this.gifts = new GiftApi(rest, config.giftUrl);
        this.remoteDictionaries = remoteDictionaries;
        DictionaryProvider app = config.dictionaries;
        // The app's own dictionaries first (bundled ones need no download), then what room-service serves.
        DictionaryProvider provider = remoteDictionaries == null ? app
                : id -> app.dictionary(id).or(() -> remoteDictionaries.dictionary(id));
        this.blocks = new BlockIntake(this, new BlockDecoder(provider), remoteDictionaries, this::deliver);
        this.backoff = new Backoff(config.backoffBaseMillis, config.backoffMaxMillis, 2.0, ThreadLocalRandom.current());
        this.frames = new FrameHandler(this);
        this.heartbeats = new Heartbeats(this);
    }

    Vertx vertx() {
        return io.vertx();
    }

    void run(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    ConnectionState state() {
        return state;
    }

    long nextReqId() {
        return ++reqIds;
    }

    void start() {
        closed = false;
        if (remoteDictionaries != null && config.decodeBlocks) {
            // Usually done before the first JoinOk; a block that comes earlier waits for its dictionary.
            remoteDictionaries.preload().onFailure(e -> run(() -> listener.onError(0,
                    "zstd dictionaries could not be loaded (fetched again when a block names one): " + e.getMessage())));
        }
        attempt();
    }

    void send(Frame frame) {
        if (transport != null && state == ConnectionState.CONNECTED) {
            transport.send(frame);
        }
    }

    /** The connector asks for a new token (its grace is set); its confirmation (no grace) needs nothing. */
    void onRefresh(dev.roomcast.proto.v1.Refresh refresh) {
        if (refresh.getGraceMs() > 0 && config.tokenRefresher != null) {
            String token = config.tokenRefresher.get();
            if (token != null && !token.isEmpty()) {
                send(Frame.newBuilder().setReqId(nextReqId())
                        .setRefresh(dev.roomcast.proto.v1.Refresh.newBuilder().setToken(token)).build());
            }
        }
    }

    void sendJoin(RoomChannel room) {
        Join.Builder join = Join.newBuilder().setRoomId(room.roomId).setLastMsgId(room.lastMsgId())
                .setGiftChannel(room.gifts != null);
        long reqId = nextReqId();
        pendingJoins.put(reqId, room);
        room.joinSent(reqId);
        transport.send(Frame.newBuilder().setReqId(reqId).setJoin(join).build());
    }

    /** The room whose Join carried this request id (answered now, so forgotten). */
    RoomChannel pendingJoin(long reqId) {
        RoomChannel room = pendingJoins.remove(reqId);
        if (room != null) {
            room.joinAnswered();
        }
        return room;
    }

    /** Whether this channel is still the application's for its room (not left, not replaced by a new join). */
    boolean isCurrent(RoomChannel room) {
        return rooms.get(room.roomId) == room;
    }

    /**
     * The application leaves a room. The server is told only if it holds the membership: a Leave sent
     * while the Join is still in flight would be refused ({@code NOT_JOINED}) and the Join would then
     * land, leaving a ghost member; such a Leave goes out when the Join's answer comes.
     */
    void leave(String roomId) {
        RoomChannel room = rooms.remove(roomId);
        if (room == null) {
            return;
        }
        room.close();
        if (room.joinedOnServer() && !room.joinInFlight()) {
            sendLeave(roomId);
        }
    }

    void sendLeave(String roomId) {
        send(Frame.newBuilder().setLeave(Leave.newBuilder().setRoomId(roomId)).build());
    }

    String currentConnector() {
        return currentConnector;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        setState(ConnectionState.CONNECTING, null);
        resolveEndpoint()
                .compose(endpoint -> io.open(endpoint, config.transport == TransportKind.TCP, config.localAddress, this)
                        .map(t -> {
                            currentConnector = endpoint.connectorId();
                            return t;
                        }))
                .onSuccess(this::authenticate)
                .onFailure(err -> retryLater(-1, "connect failed: " + err.getMessage()));
    }

    private Future<Endpoint> resolveEndpoint() {
        if (config.fixedEndpoint != null) {
            String fixed = config.fixedEndpoint;
            return Future.succeededFuture(fixed.startsWith("ws") ? new Endpoint("fixed", fixed, null, 0) : Endpoint.ofTcp("fixed", fixed));
        }
        String room = rooms.isEmpty() ? null : rooms.keySet().iterator().next();
        return dispatcher.endpoints(room, config.token).map(list -> {
            if (list.isEmpty()) {
                throw new IllegalStateException("dispatcher listed no connector");
            }
            for (Endpoint e : list) {
                if (!e.connectorId().equals(avoidConnector) && (config.transport == TransportKind.TCP ? e.hasTcp() : e.hasWebSocket())) {
                    return e;
                }
            }
            return list.get(0);   // only the drained one is left: it is still better than none
        });
    }

    private void authenticate(Transport t) {
        if (closed) {
            t.close();
            return;
        }
        transport = t;
        Auth.Builder auth = Auth.newBuilder().setClientVersion(config.clientVersion);
        if (config.compactBlocks) {
            auth.addPayloadFormats(PayloadFormat.PAYLOAD_COMPACT);   // plain is always read; the server may say no
        }
        if (config.token != null) {
            auth.setToken(config.token);
        } else {
            auth.setDeviceId(config.deviceId);
        }
        t.send(Frame.newBuilder().setReqId(nextReqId()).setAuth(auth).build());
        heartbeats.frameReceived();
        authTimer = vertx().setTimer(config.authTimeoutMillis, id -> {
            if (transport == t && state == ConnectionState.CONNECTING) {
                dropConnection(0, "no AuthOk within " + config.authTimeoutMillis + " ms", -1);
            }
        });
    }

    /** AuthOk arrived: the connection is usable; re-join every room the application holds. */
    void authenticated() {
        vertx().cancelTimer(authTimer);
        pendingJoins.clear();
        backoff.reset();
        avoidConnector = null;
        stats.connects++;
        setState(ConnectionState.CONNECTED, currentConnector);
        for (RoomChannel room : rooms.values()) {
            sendJoin(room);
        }
    }

    void onBlock(Block block, int wireBytes) {
        stats.blocks++;
        stats.wireBytes += wireBytes;
        listener.onBlock(new BlockStats(block.getMcastId(), wireBytes, block.getUncompressedSize(),
                block.getMessageCount(), block.getCodec() == Codec.CODEC_ZSTD, block.getCreatedAtMs(),
                block.getPayloadFormat() == PayloadFormat.PAYLOAD_COMPACT));
        if (!config.decodeBlocks) {
            return;
        }
        blocks.accept(block);
    }

    private void deliver(Block block, List<Message> messages) {
        String mcast = block.getMcastId();
        RoomChannel room = mcast.startsWith("room:") ? rooms.get(mcast.substring(5)) : null;
        if (room != null) {
            room.onLive(messages);
        } else if (!messages.isEmpty()) {
            stats.messagesDelivered += messages.size();   // global / private: not per room, no history
            listener.onMessages(mcast, messages);
        }
    }

    @Override
    public void onFrame(Frame frame, int wireBytes) {
        heartbeats.frameReceived();
        frames.handle(frame, wireBytes);
    }

    @Override
    public void onClosed(int code, String reason) {
        transport = null;
        frames.closedByServer(code, reason);
    }

    /** Ends the current connection (if any) and schedules the next attempt. */
    void dropConnection(int code, String reason, long delayMillis) {
        Transport t = transport;
        transport = null;
        if (t != null) {
            t.close();
        }
        retryLater(delayMillis, reason + (code == 0 ? "" : " (" + code + ")"));
    }

    /** A terminal code: no more attempts until the application connects again. */
    void terminate(int code, String reason) {
        closed = true;
        heartbeats.stop();
        Transport t = transport;
        transport = null;
        if (t != null) {
            t.close();
        }
        listener.onError(code, reason);
        setState(ConnectionState.CLOSED, reason);
    }

    private void retryLater(long delayMillis, String why) {
        heartbeats.stop();
        if (closed) {
            return;
        }
        setState(ConnectionState.RECONNECTING, why);
        rooms.values().forEach(RoomChannel::onDisconnected);
        long delay = delayMillis >= 0 ? delayMillis + ThreadLocalRandom.current().nextLong(250) : backoff.nextDelayMillis();
        vertx().setTimer(Math.max(1, delay), id -> attempt());
    }

    void close() {
        closed = true;
        heartbeats.stop();
        rooms.values().forEach(RoomChannel::close);
        rooms.clear();
        if (transport != null) {
            transport.close();
            transport = null;
        }
        setState(ConnectionState.CLOSED, "closed by the application");
    }

    private void setState(ConnectionState next, String detail) {
        if (state != next) {
            state = next;
            listener.onStateChanged(next, detail);
        }
    }
}
