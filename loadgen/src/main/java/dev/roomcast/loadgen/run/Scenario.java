package dev.roomcast.loadgen.run;

import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.loadgen.measure.FleetStats;
import dev.roomcast.loadgen.traffic.Publisher;
import dev.roomcast.proto.v1.Gift;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load run: viewers ramp up (here or in worker processes) while the publisher plays the
 * backend; after the warm-up a measurement window is taken between two readings of the viewers'
 * stats and the services' metrics and CPU; then the report.
 */
public final class Scenario {

    private final ScenarioSpec spec;
    private final PrintStream out;
    private final List<FleetHandle> fleets = new ArrayList<>();
    /** Exit code when the anchor missed or doubled a gift: the run's figures cannot be trusted. */
    public static final int EXIT_ANCHOR_GIFTS = 3;
    private static final long GIFT_DRAIN_MILLIS = 20_000;

    private final GiftAudit anchorGifts = new GiftAudit();
    private boolean fleetsClosed;
    private final java.util.Set<Long> anchorSeqs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong anchorDuplicates = new AtomicLong();
    private final CompletableFuture<Long> anchorJoined = new CompletableFuture<>();
    private final java.util.Map<Integer, AtomicLong> anchorErrors = new java.util.concurrent.ConcurrentSkipListMap<>();

    private int switchPollAt = -1;
    private int switchPushAt = -1;
    /** After publishing stops: time for the last polls and the push settle read before the msgId audit. */
    private static final long SWITCH_AUDIT_DRAIN_MILLIS = 10_000;

    Scenario(ScenarioSpec spec, PrintStream out) {
        this.spec = spec;
        this.out = out;
    }

    /** The push -> poll -> push benchmark: the room goes to poll and back at these seconds of the window. */
    void switchAt(int pollAtSeconds, int pushAtSeconds) {
        this.switchPollAt = pollAtSeconds;
        this.switchPushAt = pushAtSeconds;
        dev.roomcast.loadgen.measure.MsgIdAudit.enable();     // before the viewers exist
    }

    public int run() throws Exception {
        plan();
        ServerProbe probe = new ServerProbe(spec.metricsUrls(), spec.processPatterns(), spec.pidDir());
        ClientRuntime anchorRuntime = ClientRuntime.create(1);
        RoomcastClient anchor = spec.anchor() ? startAnchor(anchorRuntime) : null;
        Publisher publisher = new Publisher(spec.fleet().roomUrl, spec.fleet().giftUrl, spec.fleet().serviceSecret,
                spec.layout().roomIds(), spec.rates());
        Progress progress = new Progress(out, fleets, spec.viewers());
        ServerProbe.Reading serverStart = probe.read();
        try {
            if (anchor != null) {
                // The anchor opens the room before the audience comes: its join is the first call down the
                // connector -> room-service path, which is slow while the services are cold (class loading,
                // JIT, first gRPC connection); hundreds of viewers' joins arriving in that second time out
                // (4010, retried) for nothing. Bounded: a run without a working anchor still runs and says so.
                long anchorDeadline = System.currentTimeMillis() + 60_000;
                while (!anchorJoined.isDone() && System.currentTimeMillis() < anchorDeadline) {
                    Thread.sleep(100);
                }
                out.println(anchorJoined.isDone() ? "anchor in the room; viewers ramp up"
                        : "anchor not in the room after 60 s (errors " + anchorErrors + "); viewers ramp up anyway");
            }
            publisher.start();
            CompletableFuture<?>[] ramps = fleets.stream().map(FleetHandle::start).toArray(CompletableFuture[]::new);
            long rampLimitS = (long) (spec.viewers() / Math.max(1, spec.fleet().joinRate)) * 2 + 60;
            CompletableFuture<Void> all = CompletableFuture.allOf(ramps);
            long rampStart = System.currentTimeMillis();
            long deadline = rampStart + rampLimitS * 1000;
            // The ramp ends when every viewer (and the anchor) is in the room, not merely started:
            // refused joins are retried by the client, so this normally comes well before the deadline.
            while (!(all.isDone() && progress.merged().get("viewersJoined") >= spec.viewers()
                    && (anchor == null || anchorJoined.isDone()))
                    && System.currentTimeMillis() < deadline) {
                progress.tick("ramp", publisher);
                Thread.sleep(1000);
            }
            FleetStats ramped = progress.merged();
            long joinedBeforeWindow = ramped.get("viewersJoined");
            double rampSeconds = (System.currentTimeMillis() - rampStart) / 1000.0;
            if (joinedBeforeWindow < spec.viewers() || (anchor != null && !anchorJoined.isDone())) {
                out.printf("not everyone joined within %d s: %d of %d viewers in the room, anchor %s; joins refused for good %d, "
                                + "client errors %s (the connector answers 4010 UNAVAILABLE when room-service does not answer in time); "
                                + "measuring what is there%n", rampLimitS, joinedBeforeWindow, spec.viewers(),
                        anchor == null ? "none" : anchorJoined.isDone() ? "joined" : "NOT joined",
                        ramped.get("joinFailures"), ramped.errors());
            }
            progress.sleep("warm-up", spec.warmupSeconds(), publisher);
            FleetStats before = progress.merged();
            ServerProbe.Reading serverBefore = probe.read();
            long t0 = System.nanoTime();
            long anchorBefore = anchorGifts.shownCount();
            long giftsSentBefore = publisher.ok("GIFT");
            DeliverySwitch deliverySwitch = null;
            Thread switchThread = null;
            if (switchPollAt >= 0) {
                publisher.recordChats(true);
                deliverySwitch = new DeliverySwitch(spec.fleet().roomUrl, spec.layout().roomIds().get(0),
                        spec.fleet().serviceSecret, spec.metricsUrls(), spec.viewers(), switchPollAt, switchPushAt, probe, out);
                switchThread = new Thread(deliverySwitch, "delivery-switch");
                switchThread.setDaemon(true);
                switchThread.start();
            }
            progress.sleep("measure", spec.seconds(), publisher);
            FleetStats after = progress.merged();
            ServerProbe.Reading serverAfter = probe.read();
            double window = (System.nanoTime() - t0) / 1e9;
            long giftsSent = publisher.ok("GIFT") - giftsSentBefore;
            long anchorInWindow = anchorGifts.shownCount() - anchorBefore;
            publisher.stop(11_000);                    // every gift sent gets its answer (timeout 10 s)
            publisher.close();
            java.util.Map<String, Object> switchFigures = null;
            if (deliverySwitch != null) {
                publisher.recordChats(false);
                Thread.sleep(SWITCH_AUDIT_DRAIN_MILLIS);
                deliverySwitch.stop();
                switchThread.join(5_000);
                switchFigures = new java.util.LinkedHashMap<>(deliverySwitch.result().figures());
                switchFigures.putAll(dev.roomcast.loadgen.measure.MsgIdAudit.against(publisher.recordedChatMsgIds()));
                switchFigures.put("appDuplicates", progress.merged().get("appDuplicates"));
                for (String c : List.of("clientPolls", "clientPollFailures", "clientRecovered", "clientRecoveryRetries")) {
                    switchFigures.put(c, progress.merged().get(c));
                }
                out.println("delivery by msgId (sampled viewers of this process): " + switchFigures);
            }
            if (anchor != null) {
                // Gifts in flight reach the anchor (a re-push comes after 1 s, doubling): wait until it holds every one.
                long drainEnd = System.currentTimeMillis() + GIFT_DRAIN_MILLIS;
                java.util.Set<String> confirmed = publisher.confirmedGiftOrders();
                while (!anchorGifts.holdsAll(confirmed) && System.currentTimeMillis() < drainEnd) {
                    Thread.sleep(200);
                }
                Thread.sleep(500);                     // a late duplicate would show here
            }
            Report report = new Report(spec, before, after, serverBefore, serverAfter, window, publisher.outcomes(),
                    giftsSent, anchorInWindow);
            report.ramp(joinedBeforeWindow, rampSeconds);
            report.baseline(serverStart, serverAfter, spec.layout().rooms(), spec.viewers());
            if (switchFigures != null) {
                report.deliverySwitch(switchFigures);
            }
            GiftAudit.Result gifts = null;
            if (anchor != null) {
                gifts = anchorGifts.result(publisher.confirmedGiftOrders(), publisher::ownGiftOrder);
                report.anchor(anchorSeqs, anchorDuplicates.get());
                report.gifts(gifts, anchorJoined.isDone(), anchor.stats().joinRetries(), anchorErrors);
            }
            // Online counts: while the viewers are in (the churn goes on, so within the churn's share), then
            // after everyone left, when the sum must come back to exactly 0.
            OnlineAudit online = new OnlineAudit(spec.fleet().roomUrl,
                    TokenIssuer.services(spec.fleet().serviceSecret).service("loadgen", Duration.ofHours(1), List.of()), spec.layout().roomIds());
            long expected = progress.merged().get("viewersJoined") + (anchor != null && anchorJoined.isDone() ? 1 : 0);
            long whileIn = online.sum();
            if (anchor != null) {
                anchor.close();
            }
            fleets.forEach(FleetHandle::close);
            fleetsClosed = true;
            long[] took = new long[1];
            long afterLeft = online.awaitZero(Duration.ofSeconds(60), took);
            report.online(new OnlineAudit.Result(expected, whileIn, afterLeft, took[0] / 1000.0));
            boolean tty = out == System.out && System.console() != null;
            report.print(out, tty);
            if (spec.json() != null) {
                writeJson(spec.json(), report);
                out.println("JSON written to " + spec.json());
            }
            return gifts != null && !gifts.exact() ? EXIT_ANCHOR_GIFTS : 0;
        } finally {
            publisher.close();
            if (anchor != null) {
                anchor.close();
            }
            if (!fleetsClosed) {
                fleets.forEach(FleetHandle::close);
            }
            anchorRuntime.close();
        }
    }

    /** One local fleet, or workers of at most {@code perProcess} viewers each. */
    private void plan() {
        int n = spec.viewers();
        spec.fleet().resolveSourceAddresses(n);
        spec.fleet().resolveChurnRate(n);
        if (n <= spec.perProcess()) {
            fleets.add(new LocalFleet(spec.fleet(), 0, n, spec.layout()));
            return;
        }
        int workers = (n + spec.perProcess() - 1) / spec.perProcess();
        int share = (n + workers - 1) / workers;
        for (int w = 0; w < workers; w++) {
            int first = w * share;
            int count = Math.min(share, n - first);
            List<String> args = new ArrayList<>(spec.fleet().toArgs());
            args.addAll(List.of("--first", Integer.toString(first), "--count", Integer.toString(count),
                    "--room-prefix", spec.layout().prefix(), "--rooms", Integer.toString(spec.layout().rooms()),
                    "--viewers-per-room", Integer.toString(spec.layout().viewersPerRoom())));
            // Each worker's share of the join and churn rates, so that the totals are what was asked for.
            int idx = args.indexOf("--join-rate");
            args.set(idx + 1, Double.toString(spec.fleet().joinRate / workers));
            idx = args.indexOf("--churn-rate");
            args.set(idx + 1, Double.toString(spec.fleet().churnRate / workers));
            fleets.add(new WorkerFleet(spec.workerHeap(), args, new File("loadgen-worker-" + w + ".log")));
        }
        out.printf("%d viewers over %d worker processes of up to %d each%n", n, workers, share);
    }

    private RoomcastClient startAnchor(ClientRuntime runtime) {
        String room = spec.layout().roomIds().get(0);
        String token = TokenIssuer.users(spec.fleet().secret).anchor("anchor-" + room, List.of(room), Duration.ofHours(6));
        RoomcastClient client = runtime.newClient(ClientConfig.builder(spec.fleet().roomUrl).token(token)
                .mailboxUrl(spec.fleet().mailboxUrl).giftUrl(spec.fleet().giftUrl).transport(spec.fleet().transport)
                .recentHistoryLimit(0).backoffMillis(250, 5_000).build(), new ClientListener() {
                    @Override
                    public void onGifts(String roomId, List<Gift> gifts) {
                        anchorGifts.shown(gifts);
                        gifts.forEach(g -> {
                            if (!anchorSeqs.add(g.getSeq())) {
                                anchorDuplicates.incrementAndGet();   // must stay 0: exactly once
                            }
                        });
                    }

                    @Override
                    public void onError(int code, String message) {
                        anchorErrors.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                    }
                });
        client.connect();
        // -1: a fresh install trusting the server's cursor, as a new anchor app would; a refused join is retried by the client.
        client.joinAsAnchor(room, -1).whenComplete((online, err) -> {
            if (err == null) {
                anchorJoined.complete(online);
            } else {
                out.println("the anchor's join failed for good: " + err.getMessage());
            }
        });
        return client;
    }

    private static void writeJson(File file, Report report) throws IOException {
        if (file.getParentFile() != null) {
            Files.createDirectories(file.getParentFile().toPath());
        }
        Files.writeString(file.toPath(), report.toJson().encodePrettily());
    }

    static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
