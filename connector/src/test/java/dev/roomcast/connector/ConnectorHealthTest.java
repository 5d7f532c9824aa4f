package dev.roomcast.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The connector uses neither PostgreSQL nor Redis, so its tests need no servers resource. */
@QuarkusTest
class ConnectorHealthTest {

    @Test
    void reportsLiveAndReadyWithListenersBound() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("client-listeners"));
    }

    @Test
    void exportsPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("roomcast_connector_connections"));
    }
}
