package dev.roomcast.client.net;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** Small JSON-over-HTTP helper on the shared client; bodies as strings, non-2xx as a failure. */
public final class RestCalls {

    private final HttpClient http;
    private final long timeoutMillis;

    public RestCalls(HttpClient http, long timeoutMillis) {
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    public Future<String> get(String url, String bearer) {
        return call(HttpMethod.GET, url, bearer, null);
    }

    /** A binary body (e.g. a zstd dictionary); non-2xx as a {@link RestException}. */
    public Future<byte[]> getBytes(String url) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(timeoutMillis).putHeader("accept", "application/octet-stream");
        Future<io.vertx.core.http.HttpClientRequest> request;
        try {
            request = http.request(options);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return request.compose(io.vertx.core.http.HttpClientRequest::send)
                .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2
                        ? Future.succeededFuture(body.getBytes())
                        : Future.failedFuture(new RestException(url, resp.statusCode(), body.toString()))));
    }

    /** A protobuf answer ({@code accept: application/x-protobuf}) with a bearer; non-2xx as a {@link RestException}. */
    public Future<byte[]> getProtobuf(String url, String bearer) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(timeoutMillis).putHeader("accept", "application/x-protobuf");
        if (bearer != null) {
            options.putHeader("authorization", "Bearer " + bearer);
        }
        Future<io.vertx.core.http.HttpClientRequest> request;
        try {
            request = http.request(options);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);   // the runtime is closing
        }
        return request.compose(io.vertx.core.http.HttpClientRequest::send)
                .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2
                        ? Future.succeededFuture(body.getBytes())
                        : Future.failedFuture(new RestException(url, resp.statusCode(), body.toString()))));
    }

    public Future<String> post(String url, String bearer, String json) {
        return call(HttpMethod.POST, url, bearer, json);
    }

    private Future<String> call(HttpMethod method, String url, String bearer, String json) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setTimeout(timeoutMillis)
                .putHeader("accept", "application/json");
        if (bearer != null) {
            options.putHeader("authorization", "Bearer " + bearer);
        }
        if (json != null) {
            options.putHeader("content-type", "application/json");
        }
        Future<io.vertx.core.http.HttpClientRequest> request;
        try {
            request = http.request(options);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);   // the runtime is closing: a late poll or recovery, not an error to throw
        }
        return request
                .compose(req -> json == null ? req.send() : req.send(Buffer.buffer(json)))
                .compose(resp -> resp.body().compose(body -> {
                    String text = body.toString();
                    if (resp.statusCode() / 100 != 2) {
                        return Future.failedFuture(new RestException(url, resp.statusCode(), text));
                    }
                    return Future.succeededFuture(text);
                }));
    }
}
