package dev.roomcast.nativecheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrationsTest {

    @Test
    void readsQuarkusQuotedPatternsAndGlobs() {
        Registrations r = new Registrations();
        r.read("resource-config.json", """
                {"resources": {"includes": [{"pattern": "\\\\Qdb/migration/V1__timeline.sql\\\\E"},
                                            {"glob": "linux/*/libzstd-jni-*.so"}, {"glob": "static/**"}]}}
                """.getBytes(), "test");

        assertThat(r.includesResource("db/migration/V1__timeline.sql")).isTrue();
        assertThat(r.includesResource("db/migration/V2__timeline.sql")).isFalse();
        assertThat(r.includesResource("linux/amd64/libzstd-jni-1.5.7-4.so")).isTrue();
        assertThat(r.includesResource("linux/amd64/x/libzstd-jni-1.5.7-4.so")).isFalse();
        assertThat(r.includesResource("static/js/app.js")).isTrue();
    }

    @Test
    void readsReachabilityMetadataIncludingJniAccessibleReflection() {
        Registrations r = new Registrations();
        r.read("reachability-metadata.json", """
                {"resources": [{"glob": "dev/roomcast/scheduler/roomcast-blocks.zdict"}],
                 "reflection": [{"type": "a.B", "jniAccessible": true, "fields": [{"name": "nativePtr"}]},
                                {"type": "a.C", "methods": [{"name": "<init>", "parameterTypes": ["long"]}]}]}
                """.getBytes(), "test");

        assertThat(r.includesResource("dev/roomcast/scheduler/roomcast-blocks.zdict")).isTrue();
        assertThat(Need.jniField("a.B", "nativePtr", "t").satisfiedBy(r)).isTrue();
        assertThat(Need.jniField("a.C", "nativePtr", "t").satisfiedBy(r)).isFalse();
        assertThat(Need.reflectConstructors("a.C", "t").satisfiedBy(r)).isFalse();
        assertThat(r.reflection("a.C").methods()).containsExactly("<init>(long)");
    }
}
