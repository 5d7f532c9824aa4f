package dev.roomcast.room.dictionary;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.luben.zstd.Zstd;
import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.room.support.OtherChat;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.DictionaryTrainer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class DictionaryEndpointTest {

    private static final byte[] BUNDLED = BlockCodec.bundledDictionary();
    private static final int BUNDLED_ID = BlockCodec.dictionaryId(BUNDLED);

    @Test
    void listsTheBundledDictionaryInUseByDefaultWithoutACredential() throws Exception {
        List<Map<String, Object>> list = given().when().get("/v1/dictionaries")
                .then().statusCode(200).contentType("application/json").extract().jsonPath().getList("$");

        assertThat(list).hasSize(1);
        assertThat(list.get(0)).containsEntry("id", BUNDLED_ID).containsEntry("bytes", BUNDLED.length)
                .containsEntry("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BUNDLED)));
    }

    @Test
    void servesTheDictionaryBytesAsImmutableOctetStream() {
        Response r = given().when().get("/v1/dictionaries/" + BUNDLED_ID);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/octet-stream");
        assertThat(r.header("Cache-Control")).contains("immutable").contains("max-age=31536000");
        byte[] body = r.asByteArray();
        assertThat(body).isEqualTo(BUNDLED);
        assertThat((int) Zstd.getDictIdFromDict(body)).isEqualTo(BUNDLED_ID);
    }

    @Inject
    DictionaryStore store;

    @Inject
    DictionaryCatalog catalog;

    @Test
    void aDictionaryPublishedSinceTheLastPollIsServedAtOnceFromRedis() {
        List<byte[]> samples = new java.util.ArrayList<>();
        OtherChat.payloads(11, 600).forEach(samples::add);
        byte[] learned = DictionaryTrainer.withId(DictionaryTrainer.train(samples, 8 * 1024), 2_000_000_000);
        // Activation far ahead: served, never used, removed again below.
        store.publish(2_000_000_000, learned, Long.MAX_VALUE / 2).await().atMost(Duration.ofSeconds(5));
        try {
            Response r = given().when().get("/v1/dictionaries/2000000000");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.asByteArray()).isEqualTo(learned);
        } finally {
            store.remove(2_000_000_000).await().atMost(Duration.ofSeconds(5));
            catalog.refresh().await().atMost(Duration.ofSeconds(5));
        }
        assertThat(catalog.byId(2_000_000_000)).as("forgotten once removed from the store").isEmpty();
    }

    @Test
    void unknownIdIs404WithATypedError() {
        given().when().get("/v1/dictionaries/" + (BUNDLED_ID + 1))
                .then().statusCode(404).contentType("application/json")
                .body("code", equalTo("UNKNOWN_DICTIONARY"));
    }

    @Test
    void nonNumericOrOutOfRangeIdIs400WithATypedError() {
        for (String bad : List.of("abc", "12x", "99999999999")) {
            given().when().get("/v1/dictionaries/" + bad)
                    .then().statusCode(400).contentType("application/json")
                    .body("code", equalTo("BAD_DICTIONARY_ID"));
        }
    }

    @Test
    void openApiDocumentsBothEndpoints() {
        String doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(doc).contains("/v1/dictionaries").contains("/v1/dictionaries/{id}").contains("UNKNOWN_DICTIONARY");
    }
}
