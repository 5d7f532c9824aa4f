package dev.roomcast.room.dictionary;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The dictionary endpoints against the packaged application: the runner jar, or with {@code -Dnative}
 * the native executable. There it proves what a native image is most likely to lose: the bundled
 * dictionary read as a classpath resource, and zstd-jni loaded and called over JNI (the catalog takes
 * each dictionary's id from zstd).
 */
@QuarkusIntegrationTest
class DictionaryEndpointIT extends DictionaryEndpointTest {
}
