package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.devstack.RoomcastServersResource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "2"))
class MailboxHealthTest {

    @Test
    void reportsLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exportsPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        assertThat(Duration.ZERO).isZero();
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void roundTripsAValueThroughRealRedis() {
        String key = "roomcast:test:{foundation}:" + System.nanoTime();
        redis.value(String.class).setex(key, 30, "hello").await().atMost(Duration.ofSeconds(5));
        String read = redis.value(String.class).get(key).await().atMost(Duration.ofSeconds(5));
        assertThat(read).isEqualTo("hello");
    }

    @Inject
    Pool pool;

    @Test
    void roundTripsAQueryThroughRealPostgres() {
        Row row = pool.query("SELECT current_database() AS db, 40 + 2 AS answer").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(row.getString("db")).isEqualTo("roomcast");
        assertThat(row.getInteger("answer")).isEqualTo(42);
    }
}
