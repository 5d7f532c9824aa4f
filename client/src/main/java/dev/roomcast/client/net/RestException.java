package dev.roomcast.client.net;

/** A REST call answered with a non-2xx status; {@code body} is the service's JSON error. */
public final class RestException extends RuntimeException {

    private final int status;

    public RestException(String url, int status, String body) {
        super(url + " -> HTTP " + status + ": " + body);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
