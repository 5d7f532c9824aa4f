package dev.roomcast.room.api.rest;

import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.api.ApiException;
import dev.roomcast.room.dictionary.DictionaryCatalog;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Public (like the dispatcher): clients fetch the zstd dictionaries that {@code Block.dictionary_id}
 * names before or while they decode blocks. Served from memory; an id published since this instance's
 * last poll is read from the store.
 */
@Path("/v1/dictionaries")
@Tag(name = "dictionaries", description = "zstd dictionaries of compressed blocks")
public class DictionaryResource {

    /** A dictionary is immutable under its id, so caches may keep it for good. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @RegisterForReflection
    public record DictionaryInfo(int id, int bytes, String sha256) {
    }

    private final DictionaryCatalog catalog;

    public DictionaryResource(DictionaryCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Dictionaries served: the one in use, learned ones published for later, replaced ones retained",
            description = "id as in Block.dictionary_id (signed int32), size in bytes, SHA-256 (hex) of the bytes")
    @APIResponse(responseCode = "200", description = "the list (empty when blocks are compressed without one)")
    public List<DictionaryInfo> list() {
        return catalog.inUse().stream()
                .sorted(Comparator.comparingInt(DictionaryCatalog.Entry::id))
                .map(e -> new DictionaryInfo(e.id(), e.bytes().length, e.sha256()))
                .toList();
    }

    @GET
    @Path("/{id}")
    @NonBlocking
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(summary = "The raw zstd dictionary bytes", description = "immutable: cache them by id")
    @APIResponse(responseCode = "200", description = "the dictionary",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "BAD_DICTIONARY_ID: not a 32-bit number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "UNKNOWN_DICTIONARY: no dictionary served has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> get(@Parameter(description = "Block.dictionary_id; its unsigned spelling is accepted too")
                             @PathParam("id") String id) {
        int wireId = parse(id);
        return catalog.byIdOrLoad(wireId).map(found -> found
                .map(e -> Response.ok(e.bytes(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                        .header("Cache-Control", IMMUTABLE)
                        .header("ETag", "\"" + e.sha256() + "\"")
                        .build())
                .orElseThrow(() -> new ApiException(ApiError.UNKNOWN_DICTIONARY, "no dictionary with id " + wireId)));
    }

    /** Block.dictionary_id is int32; zstd's own id is unsigned 32-bit: both spellings name one dictionary. */
    static int parse(String id) {
        long value;
        try {
            value = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.BAD_DICTIONARY_ID, "dictionary id must be a number");
        }
        if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
            throw new ApiException(ApiError.BAD_DICTIONARY_ID, "dictionary id out of the 32-bit range");
        }
        return (int) value;
    }
}
