package dev.roomcast.loadgen.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomLayoutTest {

    @Test
    void oneBigRoomHoldsEveryViewer() {
        RoomLayout layout = RoomLayout.single("live-1");
        assertThat(layout.roomOf(0)).isEqualTo("live-1");
        assertThat(layout.roomOf(14_999)).isEqualTo("live-1");
        assertThat(layout.roomIds()).containsExactly("live-1");
    }

    @Test
    void smallRoomsAreFilledInOrderAcrossWorkerBoundaries() {
        RoomLayout layout = new RoomLayout("small", 1000, 20);
        assertThat(layout.roomOf(0)).isEqualTo("small-0");
        assertThat(layout.roomOf(19)).isEqualTo("small-0");
        assertThat(layout.roomOf(20)).isEqualTo("small-1");
        assertThat(layout.roomOf(19_999)).isEqualTo("small-999");
        assertThat(layout.roomIds()).hasSize(1000).contains("small-500");
    }

    @Test
    void workerArgumentsRecreateTheFleetOptions() {
        FleetOptions o = new FleetOptions();
        o.roomUrl = "http://h:1";
        o.mailboxUrl = "http://h:2";
        o.giftUrl = "http://h:3";
        o.secret = "s".repeat(40);
        o.serviceSecret = "t".repeat(40);
        o.transport = dev.roomcast.client.TransportKind.TCP;
        o.sourceAddresses = 3;
        o.ioThreads = 2;
        o.decodeFraction = 0.1;
        o.joinRate = 250;
        o.dictionary = "none";
        FleetOptions parsed = new FleetOptions();
        new picocli.CommandLine(new Holder(parsed)).parseArgs(o.toArgs().toArray(String[]::new));
        assertThat(parsed.transport).isEqualTo(dev.roomcast.client.TransportKind.TCP);
        assertThat(parsed.joinRate).isEqualTo(250);
        assertThat(parsed.secret).isEqualTo(o.secret);
        assertThat(parsed.serviceSecret).isEqualTo(o.serviceSecret);
        assertThat(parsed.sourceAddresses).isEqualTo(3);
        assertThat(parsed.dictionary).isEqualTo("none");
    }

    @Test
    void bundledDictionaryComesFromTheSchedulerJar() {
        FleetOptions o = new FleetOptions();
        o.dictionary = "bundled";
        int id = (int) com.github.luben.zstd.Zstd.getDictIdFromDict(readBundled());
        assertThat(o.dictionaries().dictionary(id)).isPresent();
    }

    private static byte[] readBundled() {
        try (var in = FleetOptions.class.getResourceAsStream(FleetOptions.BUNDLED_DICTIONARY)) {
            assertThat(in).as("roomcast-scheduler on the class path").isNotNull();
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @picocli.CommandLine.Command(name = "holder")
    static final class Holder {
        @picocli.CommandLine.Mixin
        FleetOptions options;

        Holder(FleetOptions options) {
            this.options = options;
        }
    }
}
