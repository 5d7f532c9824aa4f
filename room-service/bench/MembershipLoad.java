import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Membership load: an open-loop stream of Join and Leave calls at a target rate through the real
 * RoomService gRPC API. Viewers join one hot room (plus a spread of small ones) and leave again a few
 * seconds later, so joins and leaves run at the same rate once the first viewers start leaving.
 * In-flight calls are bounded; calls that cannot be issued on time are counted as "behind".
 *
 * With batch > 1 the changes go out as UpdateMembership calls of up to that many changes, sent when
 * full or 5 ms after the first one (as a connector's RoomGateway coalesces them).
 *
 * Usage: java MembershipLoad host:port seconds joinsPerSec serviceSecret jsonOut [batch]
 */
public final class MembershipLoad {

    static final int CHANNELS = 4;
    static final int MAX_IN_FLIGHT = 1024;
    static final long STAY_MS = 3000;

    static final long BATCH_WINDOW_NS = 5_000_000L;

    record Viewer(String user, String mcast, long leaveAtMs) {
    }

    /** Changes waiting for the next UpdateMembership call; joining holds the viewer of a join, null for a leave. */
    static final class Pending {
        List<MembershipChange> changes = new ArrayList<>();
        List<Viewer> joining = new ArrayList<>();
        long firstNs;

        void add(MembershipChange change, Viewer viewer) {
            if (changes.isEmpty()) {
                firstNs = System.nanoTime();
            }
            changes.add(change);
            joining.add(viewer);
        }
    }

    public static void main(String[] args) throws Exception {
        String target = args[0];
        int seconds = Integer.parseInt(args[1]);
        int joinsPerSec = Integer.parseInt(args[2]);
        String secret = args[3];
        Path out = Path.of(args[4]);
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Pending pending = new Pending();

        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TokenIssuer.services(secret).service("membership-bench", Duration.ofHours(1),
                        dev.roomcast.common.auth.Scopes.CONNECTOR));
        List<ManagedChannel> channels = new ArrayList<>();
        List<RoomServiceGrpc.RoomServiceStub> stubs = new ArrayList<>();
        String[] hp = target.split(":");
        for (int i = 0; i < CHANNELS; i++) {
            ManagedChannel ch = NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext()
                    .flowControlWindow(4 << 20).directExecutor().build();
            channels.add(ch);
            stubs.add(RoomServiceGrpc.newStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)));
        }
        String connectorId = "bench-connector-" + ProcessHandle.current().pid();
        ConnectorInfo info = ConnectorInfo.newBuilder().setConnectorId(connectorId).setGrpcAddress("localhost:1")
                .setWsUrl("ws://localhost:1/ws").setTcpAddress("localhost:1").build();
        RoomServiceGrpc.newBlockingStub(channels.get(0)).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                .registerConnector(RegisterConnectorRequest.newBuilder().setConnector(info).build());

        String hotRoom = "room:bench-hot-" + Long.toString(System.currentTimeMillis(), 36);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ConcurrentLinkedQueue<Viewer> inside = new ConcurrentLinkedQueue<>();
        ConcurrentHistogram latencyUs = new ConcurrentHistogram(3);
        LongAdder joins = new LongAdder();
        LongAdder leaves = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder behind = new LongAdder();
        AtomicLong maxOnline = new AtomicLong();
        long[] joinsPerSecond = new long[seconds];
        long[] leavesPerSecond = new long[seconds];

        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        long issuedJoins = 0;
        long userSeq = 0;
        long lastRenew = startMs;
        int rr = 0;
        for (int sec = 0; sec < seconds; ) {
            long elapsedNs = System.nanoTime() - start;
            long nowMs = System.currentTimeMillis();
            // Leaves first: they are due since STAY_MS, and must not starve behind new joins.
            Viewer v;
            while ((v = inside.peek()) != null && v.leaveAtMs() <= nowMs) {
                if (!inFlight.tryAcquire()) {
                    behind.increment();
                    break;
                }
                inside.poll();
                if (batch > 1) {
                    pending.add(MembershipChange.newBuilder().setJoin(false).setMcastId(v.mcast()).setUserId(v.user())
                            .setConnectionId(v.user()).build(), null);
                    if (pending.changes.size() >= batch) {
                        pending = flush(stubs.get(rr++ & (CHANNELS - 1)), connectorId, pending, inFlight, latencyUs,
                                errors, joins, leaves, inside, maxOnline);
                    }
                    continue;
                }
                long t0 = System.nanoTime();
                stubs.get(rr++ & (CHANNELS - 1)).leave(LeaveRequest.newBuilder().setConnectorId(connectorId)
                        .setMcastId(v.mcast()).setUserId(v.user()).setConnectionId(v.user()).build(),
                        new Done<LeaveReply>(inFlight, latencyUs, t0, errors) {
                            @Override
                            void ok(LeaveReply reply) {
                                leaves.increment();
                            }
                        });
            }
            long dueJoins = elapsedNs * joinsPerSec / 1_000_000_000L;
            while (issuedJoins < dueJoins) {
                issuedJoins++;
                if (!inFlight.tryAcquire()) {
                    behind.increment();
                    continue;
                }
                String user = "u" + (userSeq++);
                // 90% of joins hit one hot room (the case the target is about), 10% spread over 1,000 small rooms.
                String mcast = userSeq % 10 != 0 ? hotRoom : "room:bench-small-" + (userSeq % 1000);
                Viewer joining = new Viewer(user, mcast, nowMs + STAY_MS);
                if (batch > 1) {
                    pending.add(MembershipChange.newBuilder().setJoin(true).setMcastId(mcast).setUserId(user)
                            .setConnectionId(user).build(), joining);
                    if (pending.changes.size() >= batch) {
                        pending = flush(stubs.get(rr++ & (CHANNELS - 1)), connectorId, pending, inFlight, latencyUs,
                                errors, joins, leaves, inside, maxOnline);
                    }
                    continue;
                }
                long t0 = System.nanoTime();
                stubs.get(rr++ & (CHANNELS - 1)).join(JoinRequest.newBuilder().setConnectorId(connectorId)
                        .setMcastId(mcast).setUserId(user).setConnectionId(user).build(), new Done<JoinReply>(inFlight, latencyUs, t0, errors) {
                            @Override
                            void ok(JoinReply reply) {
                                joins.increment();
                                inside.add(joining);
                                maxOnline.accumulateAndGet(reply.getOnlineCount(), Math::max);
                            }
                        });
            }
            if (!pending.changes.isEmpty() && System.nanoTime() - pending.firstNs >= BATCH_WINDOW_NS) {
                pending = flush(stubs.get(rr++ & (CHANNELS - 1)), connectorId, pending, inFlight, latencyUs, errors,
                        joins, leaves, inside, maxOnline);
            }
            if (nowMs - lastRenew > 1000) {
                lastRenew = nowMs;
                stubs.get(0).renewConnector(RenewConnectorRequest.newBuilder().setConnector(info).build(),
                        new Done<dev.roomcast.proto.v1.RenewConnectorReply>(new Semaphore(1), new ConcurrentHistogram(3),
                                System.nanoTime(), new LongAdder()) {
                            @Override
                            void ok(dev.roomcast.proto.v1.RenewConnectorReply reply) {
                            }
                        });
            }
            int nowSec = (int) ((System.nanoTime() - start) / 1_000_000_000L);
            if (nowSec > sec) {
                joinsPerSecond[sec] = joins.sum();
                leavesPerSecond[sec] = leaves.sum();
                System.err.printf(Locale.ROOT, "t=%ds joins=%d leaves=%d errors=%d behind=%d in-flight=%d%n", sec + 1,
                        joins.sum(), leaves.sum(), errors.sum(), behind.sum(), MAX_IN_FLIGHT - inFlight.availablePermits());
                sec = nowSec;
            }
            Thread.sleep(0, 200_000);
        }
        inFlight.tryAcquire(MAX_IN_FLIGHT, 10, TimeUnit.SECONDS);
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        // Per-second rates, steady state only: from the moment the first viewers leave (STAY_MS) on.
        int warm = (int) (STAY_MS / 1000) + 1;
        long[] joinRates = rates(joinsPerSecond, warm);
        long[] leaveRates = rates(leavesPerSecond, warm);
        String json = String.format(Locale.ROOT, """
                {"seconds":%d,"targetJoinsPerSec":%d,"targetLeavesPerSec":%d,\
                "medianJoinsPerSec":%d,"medianLeavesPerSec":%d,"medianJoinsPlusLeavesPerSec":%d,\
                "totalJoins":%d,"totalLeaves":%d,"errors":%d,"notIssuedOnTime":%d,"hotRoomPeakOnline":%d,\
                "latencyMicros":{"p50":%d,"p90":%d,"p99":%d,"max":%d},"cpus":%d,"batchMaxChanges":%d}
                """, seconds, joinsPerSec, joinsPerSec, median(joinRates), median(leaveRates),
                median(joinRates) + median(leaveRates), joins.sum(), leaves.sum(), errors.sum(), behind.sum(),
                maxOnline.get(), latencyUs.getValueAtPercentile(50), latencyUs.getValueAtPercentile(90),
                latencyUs.getValueAtPercentile(99), latencyUs.getMaxValue(), Runtime.getRuntime().availableProcessors(), batch);
        Files.writeString(out, json);
        System.out.print(json);
        System.exit(errors.sum() > 0 && joins.sum() == 0 ? 1 : 0);
    }

    /** Sends the pending changes as one UpdateMembership call (one in-flight permit per change); returns a fresh batch. */
    static Pending flush(RoomServiceGrpc.RoomServiceStub stub, String connectorId, Pending p, Semaphore inFlight,
                         ConcurrentHistogram latencyUs, LongAdder errors, LongAdder joins, LongAdder leaves,
                         ConcurrentLinkedQueue<Viewer> inside, AtomicLong maxOnline) {
        int n = p.changes.size();
        long t0 = System.nanoTime();
        stub.updateMembership(MembershipBatchRequest.newBuilder().setConnectorId(connectorId).addAllChanges(p.changes)
                .build(), new StreamObserver<MembershipBatchReply>() {
                    @Override
                    public void onNext(MembershipBatchReply reply) {
                        latencyUs.recordValueWithCount(Math.max(1, (System.nanoTime() - t0) / 1000), n);
                        for (int i = 0; i < reply.getResultsCount(); i++) {
                            MembershipResult r = reply.getResults(i);
                            Viewer viewer = p.joining.get(i);
                            if (!r.getOk()) {
                                errors.increment();
                            } else if (viewer == null) {
                                leaves.increment();
                            } else {
                                joins.increment();
                                inside.add(viewer);
                                maxOnline.accumulateAndGet(r.getOnlineCount(), Math::max);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.add(n);
                        inFlight.release(n);
                    }

                    @Override
                    public void onCompleted() {
                        inFlight.release(n);
                    }
                });
        return new Pending();
    }

    static long[] rates(long[] cumulative, int from) {
        List<Long> r = new ArrayList<>();
        for (int i = Math.max(1, from); i < cumulative.length; i++) {
            if (cumulative[i] > 0) {
                r.add(cumulative[i] - cumulative[i - 1]);
            }
        }
        return r.stream().mapToLong(Long::longValue).toArray();
    }

    static long median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    abstract static class Done<T> implements StreamObserver<T> {
        private final Semaphore inFlight;
        private final ConcurrentHistogram latencyUs;
        private final long t0;
        private final LongAdder errors;

        Done(Semaphore inFlight, ConcurrentHistogram latencyUs, long t0, LongAdder errors) {
            this.inFlight = inFlight;
            this.latencyUs = latencyUs;
            this.t0 = t0;
            this.errors = errors;
        }

        abstract void ok(T reply);

        @Override
        public void onNext(T value) {
            latencyUs.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            ok(value);
        }

        @Override
        public void onError(Throwable t) {
            errors.increment();
            inFlight.release();
        }

        @Override
        public void onCompleted() {
            inFlight.release();
        }
    }
}
