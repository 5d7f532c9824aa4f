package dev.roomcast.loadgen.measure;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.proto.v1.Message;
import java.nio.charset.StandardCharsets;

/** What a message would cost as plain JSON (compact protobuf JSON): the baseline of every wire ratio reported. */
public final class JsonPrice {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private JsonPrice() {
    }

    public static int bytes(Message m) {
        try {
            return JSON.print(m).getBytes(StandardCharsets.UTF_8).length;
        } catch (InvalidProtocolBufferException e) {
            return 0;
        }
    }
}
