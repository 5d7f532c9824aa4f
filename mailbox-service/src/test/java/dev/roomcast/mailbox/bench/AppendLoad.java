package dev.roomcast.mailbox.bench;

import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MailboxServiceGrpc;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Durable appends per second: {@code inFlight} AppendBatch calls outstanding at all times (closed loop),
 * each of {@code batchSize} chat messages spread over {@code rooms} rooms. A reply means committed.
 */
final class AppendLoad {

    static Map<String, Object> run(String runId, ServiceProcess service, int inFlight, int batchSize, int rooms, Duration warmup,
            Duration measure) throws Exception {
        String loadBefore = ServiceProcess.loadAverage();
        long cpuBefore = service.cpuMillis();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", ServiceProcess.PORT).usePlaintext().build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + TokenIssuer.services(ServiceProcess.SERVICE_SECRET).service("bench", Duration.ofHours(2),
                        dev.roomcast.common.auth.Scopes.ROOM_SERVICE));
        MailboxServiceGrpc.MailboxServiceFutureStub stub = MailboxServiceGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong nextId = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Recorder latency = new Recorder(3);
        String body = "x".repeat(60);
        long end = System.nanoTime() + warmup.plus(measure).toNanos();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long ackedAtStart = -1;
        long cpuAtStart = cpuBefore;
        while (System.nanoTime() < end) {
            slots.acquire();
            if (ackedAtStart < 0 && System.nanoTime() >= measureFrom) {
                ackedAtStart = acked.get();
                cpuAtStart = service.cpuMillis();
                latency.reset();
            }
            AppendBatchRequest.Builder req = AppendBatchRequest.newBuilder();
            long now = System.currentTimeMillis();
            for (int i = 0; i < batchSize; i++) {
                long id = nextId.incrementAndGet();
                String room = runId + "-" + (id % rooms);
                req.addEntries(MailboxEntry.newBuilder().setMboxId("room:" + room).setMessage(Message.newBuilder()
                        .setRoomId(room).setMsgId(id).setType(MessageType.CHAT).setPriority(100 + (int) (id % 60))
                        .setSender(Sender.newBuilder().setUserId("u" + (id % 10000)).setLevel((int) (id % 60)))
                        .setBody(body).setCreatedAtMs(now)));
            }
            long start = System.nanoTime();
            Futures.addCallback(stub.appendBatch(req.build()), new FutureCallback<AppendBatchReply>() {
                @Override
                public void onSuccess(AppendBatchReply r) {
                    latency.recordValue((System.nanoTime() - start) / 1000);
                    acked.addAndGet(r.getAppended() + r.getDuplicates());
                    slots.release();
                }

                @Override
                public void onFailure(Throwable t) {
                    failed.incrementAndGet();
                    slots.release();
                }
            }, MoreExecutors.directExecutor());
        }
        long ackedAtEnd = acked.get();
        long cpuAtEnd = service.cpuMillis();
        slots.acquire(inFlight);
        double seconds = measure.toNanos() / 1e9;
        org.HdrHistogram.Histogram h = latency.getIntervalHistogram();
        channel.shutdownNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inFlightRequests", inFlight);
        out.put("batchSize", batchSize);
        out.put("rooms", rooms);
        out.put("measuredSeconds", seconds);
        out.put("messagesPerSecond", Math.round((ackedAtEnd - Math.max(0, ackedAtStart)) / seconds));
        out.put("requestP50Ms", h.getValueAtPercentile(50) / 1000.0);
        out.put("requestP99Ms", h.getValueAtPercentile(99) / 1000.0);
        out.put("failedRequests", failed.get());
        double cpuPerMessage = (cpuAtEnd - cpuAtStart) / (double) Math.max(1, ackedAtEnd - Math.max(0, ackedAtStart));
        out.put("serviceCpuMsPerMessage", Math.round(cpuPerMessage * 10000) / 10000.0);
        out.put("serviceOnlyCeilingPer2CoresMsgPerSec", Math.round(2000 / Math.max(0.0001, cpuPerMessage)));
        out.put("loadAverageBefore", loadBefore);
        out.put("loadAverageAfter", ServiceProcess.loadAverage());
        return out;
    }

    private AppendLoad() {
    }
}
