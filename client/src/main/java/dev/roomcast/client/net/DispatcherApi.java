package dev.roomcast.client.net;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * room-service's dispatcher: {@code GET /v1/dispatch?roomId=} lists connector endpoints, least
 * loaded first. Field names are read in both JSON spellings (wsUrl / ws_url) so the client does not
 * depend on one serializer's naming.
 */
public final class DispatcherApi {

    private final RestCalls rest;
    private final String baseUrl;

    public DispatcherApi(RestCalls rest, String baseUrl) {
        this.rest = rest;
        this.baseUrl = stripSlash(baseUrl);
    }

    public Future<List<Endpoint>> endpoints(String roomId, String bearer) {
        String url = baseUrl + "/v1/dispatch" + (roomId == null ? "" : "?roomId=" + URLEncoder.encode(roomId, StandardCharsets.UTF_8));
        return rest.get(url, bearer).map(DispatcherApi::parse);
    }

    static List<Endpoint> parse(String json) {
        String trimmed = json.trim();
        JsonArray list;
        if (trimmed.startsWith("[")) {
            list = new JsonArray(trimmed);
        } else {
            JsonObject root = new JsonObject(trimmed);
            list = firstArray(root, "connectors", "endpoints");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonObject c = list.getJsonObject(i);
            String id = text(c, "connectorId", "connector_id", "id");
            String ws = text(c, "wsUrl", "ws_url");
            String tcp = text(c, "tcpAddress", "tcp_address");
            Endpoint e = tcp != null && tcp.contains(":") ? Endpoint.ofTcp(id, tcp).withWsUrl(ws) : new Endpoint(id, ws, null, 0);
            if (e.hasTcp() || e.hasWebSocket()) {
                endpoints.add(e);
            }
        }
        return endpoints;
    }

    private static JsonArray firstArray(JsonObject root, String... names) {
        for (String name : names) {
            JsonArray a = root.getJsonArray(name);
            if (a != null) {
                return a;
            }
        }
        for (String key : root.fieldNames()) {
            if (root.getValue(key) instanceof JsonArray a) {
                return a;
            }
        }
        return new JsonArray();
    }

    private static String text(JsonObject o, String... names) {
        for (String name : names) {
            Object v = o.getValue(name);
            if (v != null) {
                return v.toString();
            }
        }
        return null;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
