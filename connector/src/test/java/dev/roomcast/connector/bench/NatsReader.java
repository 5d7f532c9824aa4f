package dev.roomcast.connector.bench;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * The server-to-client half of the NATS text protocol, as much as a benchmark subscriber needs:
 * {@code MSG <subject> <sid> [reply-to] <#bytes>\r\n<payload>\r\n} handed to {@link Receipts}, {@code PING}
 * answered, {@code PONG} reported (the reply to our own PING: every earlier command was processed),
 * {@code INFO} and {@code +OK} ignored, {@code -ERR} printed. Reads across TCP chunk boundaries.
 */
final class NatsReader implements Handler<Buffer> {

    private static final Buffer PONG = Buffer.buffer("PONG\r\n");

    private final NetSocket socket;
    private final Receipts receipts;
    private final Runnable onPong;
    private final byte[] line = new byte[4096];
    private int lineLength;
    private byte[] payload;
    private int filled;
    private int skip;

    NatsReader(NetSocket socket, Receipts receipts, Runnable onPong) {
        this.socket = socket;
        this.receipts = receipts;
        this.onPong = onPong;
    }

    @Override
    public void handle(Buffer buffer) {
        int i = 0;
        int n = buffer.length();
        while (i < n) {
            if (payload != null) {
                int take = Math.min(payload.length - filled, n - i);
                buffer.getBytes(i, i + take, payload, filled);
                filled += take;
                i += take;
                if (filled == payload.length) {
                    delivered();
                }
            } else if (skip > 0) {
                skip--;
                i++;
            } else {
                byte b = buffer.getByte(i++);
                if (b == '\n') {
                    control();
                    lineLength = 0;
                } else if (b != '\r' && lineLength < line.length) {
                    line[lineLength++] = b;
                }
            }
        }
    }

    private void delivered() {
        receipts.onFrame(payload, 0, payload.length);
        payload = null;
        skip = 2;   // the \r\n after the payload
    }

    private void control() {
        if (startsWith("MSG ")) {
            int size = 0;
            int start = lineLength;
            while (start > 0 && line[start - 1] != ' ') {
                start--;
            }
            for (int k = start; k < lineLength; k++) {
                size = size * 10 + (line[k] - '0');
            }
            payload = new byte[size];
            filled = 0;
            if (size == 0) {
                delivered();
            }
        } else if (startsWith("PING")) {
            socket.write(PONG);
        } else if (startsWith("PONG")) {
            onPong.run();
        } else if (startsWith("-ERR")) {
            System.err.println("nats: " + new String(line, 0, lineLength, StandardCharsets.US_ASCII));
        }
    }

    private boolean startsWith(String word) {
        if (lineLength < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (line[k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
