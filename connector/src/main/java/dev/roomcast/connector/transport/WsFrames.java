package dev.roomcast.connector.transport;

import io.netty.buffer.ByteBuf;

/**
 * RFC 6455 server frame headers. Server frames are unmasked, so a frame's bytes are the same for every
 * connection and can be built once per block.
 */
final class WsFrames {

    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    private static final int FIN = 0x80;

    private WsFrames() {
    }

    static int headerSize(int payloadLength) {
        if (payloadLength < 126) {
            return 2;
        }
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    static void writeHeader(ByteBuf buf, int opcode, int payloadLength) {
        buf.writeByte(FIN | opcode);
        if (payloadLength < 126) {
            buf.writeByte(payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(payloadLength);
        } else {
            buf.writeByte(127);
            buf.writeLong(payloadLength);
        }
    }
}
