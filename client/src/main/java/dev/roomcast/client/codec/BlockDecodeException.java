package dev.roomcast.client.codec;

/** A block the client cannot turn into messages: unknown codec or dictionary, corrupt payload. */
public final class BlockDecodeException extends Exception {

    private final int missingDictionaryId;

    public BlockDecodeException(String message) {
        this(message, null);
    }

    private BlockDecodeException(String message, int missingDictionaryId) {
        super(message);
        this.missingDictionaryId = missingDictionaryId;
    }

    /** The block names a dictionary the provider does not (yet) hold: fetching it may make it decodable. */
    public static BlockDecodeException unknownDictionary(int id) {
        return new BlockDecodeException("unknown zstd dictionary " + id, id);
    }

    /** The dictionary id that was missing, or 0 when the block failed for another reason. */
    public int missingDictionaryId() {
        return missingDictionaryId;
    }

    public BlockDecodeException(String message, Throwable cause) {
        super(message, cause);
        this.missingDictionaryId = 0;
    }
}
