package dev.roomcast.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Gift;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The anchor's gift check that decides the load generator's exit code. */
class GiftAuditTest {

    private static Gift gift(long seq, String order) {
        return Gift.newBuilder().setSeq(seq).setOrderId(order).build();
    }

    private static boolean own(String order) {
        return order.startsWith("run-");
    }

    @Test
    void everyConfirmedGiftShownOnceIsExact() {
        GiftAudit audit = new GiftAudit();
        audit.shown(List.of(gift(1, "run-1"), gift(2, "run-2")));
        GiftAudit.Result r = audit.result(Set.of("run-1", "run-2"), GiftAuditTest::own);
        assertThat(r.exact()).isTrue();
        assertThat(r.toAnchor()).isEqualTo(r.sent()).isEqualTo(2);
    }

    @Test
    void aMissingGiftIsNotExact() {
        GiftAudit audit = new GiftAudit();
        audit.shown(List.of(gift(1, "run-1")));
        GiftAudit.Result r = audit.result(Set.of("run-1", "run-2"), GiftAuditTest::own);
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.exact()).isFalse();
        assertThat(audit.holdsAll(Set.of("run-1", "run-2"))).isFalse();
    }

    @Test
    void aGiftShownTwiceIsNotExact() {
        GiftAudit audit = new GiftAudit();
        audit.shown(List.of(gift(1, "run-1")));
        audit.shown(List.of(gift(1, "run-1")));
        GiftAudit.Result r = audit.result(Set.of("run-1"), GiftAuditTest::own);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.missing()).isZero();
        assertThat(r.exact()).isFalse();
    }

    @Test
    void giftsOfEarlierRunsAndUnconfirmedSendsAreCountedApartAndAllowed() {
        GiftAudit audit = new GiftAudit();
        audit.shown(List.of(gift(7, "lg-old-3"), gift(8, "run-1"), gift(9, "run-2")));
        GiftAudit.Result r = audit.result(Set.of("run-1"), GiftAuditTest::own);
        assertThat(r.earlierRuns()).isEqualTo(1);
        assertThat(r.unconfirmed()).isEqualTo(1);
        assertThat(r.toAnchor()).isEqualTo(1);
        assertThat(r.exact()).isTrue();
        assertThat(r.toJson().getBoolean("exact")).isTrue();
    }
}
