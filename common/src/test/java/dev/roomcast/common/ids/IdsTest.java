package dev.roomcast.common.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"42", "room-1", "a.b_c", "show:42", "pk@7", "A-Z_09"})
    void acceptsTheAlphabet(String id) {
        assertThat(Ids.isRoomId(id)).isTrue();
        assertThat(Ids.isUserId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "房间1", "room 1", "{42}", "a/b", "a?b", "tab\there", "é", "room#1", "x\u0000"})
    void refusesEverythingElse(String id) {
        assertThat(Ids.isRoomId(id)).isFalse();
        assertThat(Ids.isUserId(id)).isFalse();
    }

    @Test
    void boundsTheLength() {
        assertThat(Ids.isRoomId("r".repeat(64))).isTrue();
        assertThat(Ids.isRoomId("r".repeat(65))).isFalse();
        assertThat(Ids.isRoomId(null)).isFalse();
        assertThat(Ids.isDeviceId("d".repeat(59))).isTrue();
        assertThat(Ids.isUserId(Ids.ANONYMOUS_PREFIX + "d".repeat(59))).isTrue();
        assertThat(Ids.isDeviceId("d".repeat(60))).isFalse();
    }

    @Test
    void requireNamesTheRule() {
        assertThatThrownBy(() -> Ids.requireRoomId("房间1")).hasMessage(Ids.ROOM_ID_RULE);
    }
}
