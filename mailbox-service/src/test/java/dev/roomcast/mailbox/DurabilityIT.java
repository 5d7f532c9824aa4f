package dev.roomcast.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roomcast.devstack.Endpoints;
import dev.roomcast.devstack.LocalServers;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.Direction;
import dev.roomcast.proto.v1.MessagesReply;
import dev.roomcast.proto.v1.RangeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged service as a real process: an acknowledged append survives a kill -9 and restart,
 * and a PostgreSQL outage (cut by a TCP proxy) fails appends with UNAVAILABLE and takes readiness down.
 */
class DurabilityIT {

    static final int HTTP_PORT = 18183;
    static Endpoints servers;
    static TcpProxy pgProxy;
    static Process app;
    static int starts;

    @BeforeAll
    static void startServersAndProxy() throws IOException {
        servers = LocalServers.shared(Path.of("target", "roomcast-devstack")).endpoints();
        pgProxy = new TcpProxy(TcpProxy.freePort(), servers.pgHost(), servers.pgPort());
        pgProxy.start();
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (app != null) {
            app.destroyForcibly();
        }
        pgProxy.close();
    }

    @Test
    void anAcknowledgedBatchSurvivesAKillAndRestartOfTheService() throws Exception {
        startApp();
        String room = MailboxClient.newRoom();
        AppendBatchReply ack;
        try (MailboxClient client = new MailboxClient(HTTP_PORT)) {
            ack = client.append(MailboxClient.chats(room, 1, 200));
        }
        assertThat(ack.getAppended()).isEqualTo(200);

        app.destroyForcibly().waitFor();
        startApp();

        try (MailboxClient client = new MailboxClient(HTTP_PORT)) {
            List<Long> ids = new ArrayList<>();
            long cursor = 0;
            MessagesReply page;
            do {
                page = client.stub.range(RangeRequest.newBuilder().setMboxId("room:" + room).setCursor(cursor)
                        .setDirection(Direction.AFTER).setLimit(200).build());
                page.getMessagesList().forEach(m -> ids.add(m.getMsgId()));
                cursor = page.getNextCursor();
            } while (page.getHasMore());
            assertThat(ids).hasSize(200).doesNotHaveDuplicates().startsWith(1L).endsWith(200L);
        }
    }

    @Test
    void aPostgresOutageFailsAppendsRetryablyAndTakesReadinessDown() throws Exception {
        if (app == null || !app.isAlive()) {
            startApp();
        }
        String room = MailboxClient.newRoom();
        try (MailboxClient client = new MailboxClient(HTTP_PORT)) {
            assertThat(client.append(MailboxClient.chats(room, 1, 1)).getAppended()).isEqualTo(1);

            pgProxy.stop();
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.append(MailboxClient.chats(room, 2, 3)));
            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(readyStatus()).isEqualTo(503);

            pgProxy.start();
            AppendBatchReply retried = retryUntilAccepted(client, MailboxClient.chats(room, 2, 3));
            assertThat(retried.getAppended()).isEqualTo(2);
            awaitReady();
        }
    }

    static AppendBatchReply retryUntilAccepted(MailboxClient client, List<dev.roomcast.proto.v1.MailboxEntry> batch)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return client.append(batch);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    static void startApp() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String pg = "localhost:" + pgProxy.port() + "/" + servers.pgDatabase();
        starts++;
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m",
                "-Dquarkus.http.port=" + HTTP_PORT,
                "-Dquarkus.datasource.reactive.url=postgresql://" + pg,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + pg,
                "-Dquarkus.datasource.username=" + servers.pgUser(),
                "-Dquarkus.datasource.password=" + servers.pgPassword(),
                "-Dquarkus.redis.hosts=" + servers.redisUrl(2),
                "-Droomcast.mailbox.token-secrets=" + MailboxClient.SECRET,
                "-Droomcast.mailbox.service-token-secrets=" + MailboxClient.SERVICE_SECRET,
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        File log = Path.of("target", "durability-it-app-" + starts + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        app = pb.start();
        awaitReady();
    }

    static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (app != null && !app.isAlive()) {
                throw new IllegalStateException("service exited with " + app.exitValue() + ", see target/*.log");
            }
            if (readyStatus() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not ready within 120 s");
    }

    static int readyStatus() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
