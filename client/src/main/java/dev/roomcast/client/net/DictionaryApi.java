package dev.roomcast.client.net;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * room-service's public dictionary endpoints: {@code GET /v1/dictionaries} lists the zstd
 * dictionaries in use ({@code [{id, bytes, sha256}]}), {@code GET /v1/dictionaries/{id}} serves one.
 */
public final class DictionaryApi {

    private final RestCalls rest;
    private final String baseUrl;

    public DictionaryApi(RestCalls rest, String baseUrl) {
        this.rest = rest;
        this.baseUrl = DispatcherApi.stripSlash(baseUrl);
    }

    /** The ids in use (as in {@code Block.dictionary_id}). */
    public Future<List<Integer>> inUse() {
        return rest.get(baseUrl + "/v1/dictionaries", null).map(DictionaryApi::ids);
    }

    public Future<byte[]> bytes(int id) {
        return rest.getBytes(baseUrl + "/v1/dictionaries/" + id);
    }

    static List<Integer> ids(String json) {
        JsonArray list = new JsonArray(json.trim());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonObject d = list.getJsonObject(i);
            ids.add(d.getNumber("id").intValue());
        }
        return ids;
    }
}
