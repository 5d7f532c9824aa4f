package dev.roomcast.connector.bench;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The server-to-client half of MQTT 3.1.1 that a QoS 0 benchmark subscriber needs: fixed header, remaining
 * length (1-4 byte varint), body. PUBLISH payloads go to {@link Receipts}; CONNACK and SUBACK report
 * readiness (a refused CONNECT or a failed subscription is reported as a failure). Reads across TCP chunks.
 */
final class MqttReader implements Handler<Buffer> {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBACK = 9;

    /** Called once when the packet type this connection waits for arrives; {@code ok} false when refused. */
    interface Ready {
        void ready(boolean ok);
    }

    private final Receipts receipts;
    private final int readyOn;
    private final Ready ready;
    private int type = -1;
    private int remaining;
    private int multiplier;
    private byte[] body;
    private int filled;

    MqttReader(Receipts receipts, int readyOn, Ready ready) {
        this.receipts = receipts;
        this.readyOn = readyOn;
        this.ready = ready;
    }

    @Override
    public void handle(Buffer buffer) {
        int i = 0;
        int n = buffer.length();
        while (i < n) {
            if (type < 0) {
                type = buffer.getByte(i++) & 0xff;
                remaining = 0;
                multiplier = 1;
            } else if (body == null) {
                int b = buffer.getByte(i++) & 0xff;
                remaining += (b & 0x7f) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0) {
                    body = new byte[remaining];
                    filled = 0;
                    if (remaining == 0) {
                        packet();
                    }
                }
            } else {
                int take = Math.min(body.length - filled, n - i);
                buffer.getBytes(i, i + take, body, filled);
                filled += take;
                i += take;
                if (filled == body.length) {
                    packet();
                }
            }
        }
    }

    private void packet() {
        int kind = type >> 4;
        if (kind == PUBLISH) {
            int qos = (type >> 1) & 3;
            int offset = 2 + (((body[0] & 0xff) << 8) | (body[1] & 0xff)) + (qos > 0 ? 2 : 0);
            receipts.onFrame(body, offset, body.length - offset);
        } else if (kind == readyOn) {
            boolean ok = kind == CONNACK ? body.length >= 2 && body[1] == 0 : body.length >= 3 && (body[2] & 0x80) == 0;
            ready.ready(ok);
        }
        type = -1;
        body = null;
    }
}
