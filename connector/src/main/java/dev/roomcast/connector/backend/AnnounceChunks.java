package dev.roomcast.connector.backend;

import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.McastMembers;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one announce into requests that each stay under a byte budget (well below the gRPC inbound
 * message limit): a connector with 50,000 members and long user ids announces in several calls. All
 * chunks share one announce id; all but the last say {@code more}. An mcast whose user ids alone exceed
 * the budget is split too: its later parts carry the ids only, with the same count.
 */
public final class AnnounceChunks {

    /** Room for the request's own fields and each entry's framing. */
    private static final int OVERHEAD_BYTES = 64;

    private AnnounceChunks() {
    }

    public static List<AnnounceMcastsRequest> split(String connectorId, List<McastMembers> mcasts, int maxBytes,
                                                    long announceId) {
        int budget = Math.max(1024, maxBytes - OVERHEAD_BYTES - connectorId.length());
        List<List<McastMembers>> chunks = new ArrayList<>();
        List<McastMembers> current = new ArrayList<>();
        int size = 0;
        for (McastMembers whole : mcasts) {
            for (McastMembers part : partsOf(whole, budget)) {
                int bytes = part.getSerializedSize() + 8;
                if (size + bytes > budget && !current.isEmpty()) {
                    chunks.add(current);
                    current = new ArrayList<>();
                    size = 0;
                }
                current.add(part);
                size += bytes;
            }
        }
        chunks.add(current);
        List<AnnounceMcastsRequest> requests = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            requests.add(AnnounceMcastsRequest.newBuilder().setConnectorId(connectorId).addAllMcasts(chunks.get(i))
                    .setAnnounceId(chunks.size() == 1 ? 0 : announceId).setMore(i < chunks.size() - 1).build());
        }
        return requests;
    }

    /** One mcast as one entry, or as several with the same count and a share of the user ids each. */
    private static List<McastMembers> partsOf(McastMembers m, int budget) {
        if (m.getSerializedSize() + 8 <= budget) {
            return List.of(m);
        }
        List<McastMembers> parts = new ArrayList<>();
        McastMembers.Builder part = McastMembers.newBuilder().setMcastId(m.getMcastId()).setMembers(m.getMembers());
        int size = part.build().getSerializedSize();
        for (String userId : m.getUserIdsList()) {
            int bytes = userId.length() * 3 + 4;
            if (size + bytes > budget - 8 && part.getUserIdsCount() > 0) {
                parts.add(part.build());
                part = McastMembers.newBuilder().setMcastId(m.getMcastId()).setMembers(m.getMembers());
                size = part.build().getSerializedSize();
            }
            part.addUserIds(userId);
            size += bytes;
        }
        parts.add(part.build());
        return parts;
    }
}
