package dev.roomcast.connector.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.McastMembers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnounceChunksTest {

    private static String id(int i) {
        String n = "u" + i + "-";
        return n + "x".repeat(128 - n.length());
    }

    @Test
    void fiftyThousandMembersWithLongIdsAreSplitUnderTheBudget() {
        List<McastMembers> mcasts = new ArrayList<>();
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            big.add(id(i));
        }
        mcasts.add(McastMembers.newBuilder().setMcastId("room:huge").setMembers(50_000).addAllUserIds(big).build());
        for (int r = 0; r < 2_000; r++) {
            mcasts.add(McastMembers.newBuilder().setMcastId("room:small-" + r).setMembers(3)
                    .addUserIds(id(r)).addUserIds(id(r + 1)).addUserIds(id(r + 2)).build());
        }
        int max = 1 << 20;
        List<AnnounceMcastsRequest> chunks = AnnounceChunks.split("connector-a", mcasts, max, 77);

        assertThat(chunks.size()).isGreaterThan(6);   // ~7 MB of ids
        Set<String> huge = new HashSet<>();
        Set<String> small = new HashSet<>();
        for (int i = 0; i < chunks.size(); i++) {
            AnnounceMcastsRequest c = chunks.get(i);
            assertThat(c.getSerializedSize()).isLessThanOrEqualTo(max);
            assertThat(c.getAnnounceId()).isEqualTo(77);
            assertThat(c.getMore()).isEqualTo(i < chunks.size() - 1);
            assertThat(c.getConnectorId()).isEqualTo("connector-a");
            for (McastMembers m : c.getMcastsList()) {
                if (m.getMcastId().equals("room:huge")) {
                    assertThat(m.getMembers()).isEqualTo(50_000);
                    huge.addAll(m.getUserIdsList());
                } else {
                    small.add(m.getMcastId());
                }
            }
        }
        assertThat(huge).hasSize(50_000);
        assertThat(small).hasSize(2_000);
    }

    @Test
    void aSmallAnnounceIsOneChunkWithoutAnId() {
        List<AnnounceMcastsRequest> chunks = AnnounceChunks.split("c", List.of(
                McastMembers.newBuilder().setMcastId("room:a").setMembers(1).build()), 1 << 20, 99);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).getAnnounceId()).isZero();
        assertThat(chunks.get(0).getMore()).isFalse();
    }

    @Test
    void anEmptyAnnounceIsStillSentSoThatStaleRoutesAreDropped() {
        List<AnnounceMcastsRequest> chunks = AnnounceChunks.split("c", List.of(), 1 << 20, 5);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).getMcastsCount()).isZero();
        assertThat(chunks.get(0).getMore()).isFalse();
    }
}
