package dev.roomcast.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

    @Test
    void loadsEveryClassOfTheJarHoldingAMarker() {
        ClassPreloader.Result result = ClassPreloader.preload(getClass().getClassLoader(),
                List.of("com.nimbusds.jose.JWSObject"));
        assertThat(result.sources()).isEqualTo(1);
        assertThat(result.loaded()).isGreaterThan(100);
    }

    @Test
    void loadsTheClassDirectoryHoldingAMarker() {
        ClassPreloader.Result result = ClassPreloader.preload(getClass().getClassLoader(),
                List.of(ClassPreloader.class.getName()));
        assertThat(result.sources()).isEqualTo(1);
        assertThat(result.loaded()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnknownMarkerIsSkipped() {
        ClassPreloader.Result result = ClassPreloader.preload(getClass().getClassLoader(), List.of("no.such.Marker"));
        assertThat(result.sources()).isZero();
        assertThat(result.loaded()).isZero();
    }
}
