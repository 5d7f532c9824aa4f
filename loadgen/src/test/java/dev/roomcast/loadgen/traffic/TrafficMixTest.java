package dev.roomcast.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficMixTest {

    @Test
    void chatMixHasAnonymousUsersSkewedLevelsChineseEmojiAndRepeatedMemes() {
        ChatMix mix = ChatMix.realistic(new SplittableRandom(1));
        int anonymous = 0;
        int highLevel = 0;
        int lowLevel = 0;
        int cjk = 0;
        int emoji = 0;
        Map<String, Integer> texts = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ChatMix.ChatLine line = mix.next();
            assertThat(line.level()).isBetween(0, 60);
            if (line.anonymous()) {
                anonymous++;
                assertThat(line.userId()).startsWith("anon:");
                assertThat(line.level()).isZero();
            } else if (line.level() >= 30) {
                highLevel++;
            } else if (line.level() < 10) {
                lowLevel++;
            }
            if (line.text().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
                cjk++;
            }
            if (line.text().codePoints().anyMatch(cp -> cp >= 0x1F300)) {
                emoji++;
            }
            texts.merge(line.text(), 1, Integer::sum);
        }
        assertThat(anonymous).isBetween(n / 10, n / 5);
        assertThat(lowLevel).isGreaterThan(highLevel * 5);
        assertThat(highLevel).isPositive();
        assertThat(cjk).isGreaterThan(n / 2);
        assertThat(emoji).isGreaterThan(n / 10);
        int top = texts.values().stream().max(Integer::compare).orElse(0);
        assertThat(top).as("the most popular meme is repeated by many").isGreaterThan(n / 50);
    }

    @Test
    void giftMixIsMostlyCheapWithRareBigGifts() {
        GiftMix mix = new GiftMix(new SplittableRandom(2));
        int cheap = 0;
        int big = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            GiftMix.GiftOrder g = mix.next();
            assertThat(g.count()).isPositive();
            assertThat(g.totalValue()).isEqualTo(g.count() * g.unitValue());
            if (g.unitValue() <= 10) {
                cheap++;
            }
            if (g.unitValue() >= 5000) {
                big++;
                assertThat(g.count()).isEqualTo(1);
            }
        }
        assertThat(cheap).isGreaterThan(n * 7 / 10);
        assertThat(big).isBetween(n / 500, n / 50);
    }

    @Test
    void pacerFiresTheRateExactlyOverTimeAndCatchesUpAfterALateTick() {
        long s = 1_000_000_000L;
        RatePacer pacer = new RatePacer(200, 0);
        int total = 0;
        for (long t = 10_000_000L; t <= s; t += 10_000_000L) {
            total += pacer.due(t, 1000);
        }
        assertThat(total).isEqualTo(200);
        assertThat(pacer.due(3 * s, 1000)).as("a 2 s stall").isEqualTo(400);
    }

    @Test
    void pacerCarriesFractionsForSlowRatesAndRespectsTheCap() {
        RatePacer slow = new RatePacer(0.5, 0);
        assertThat(slow.due(1_900_000_000L, 10)).isZero();
        assertThat(slow.due(2_000_000_000L, 10)).isEqualTo(1);
        RatePacer capped = new RatePacer(1000, 0);
        assertThat(capped.due(1_000_000_000L, 100)).isEqualTo(100);
        assertThat(capped.due(1_000_000_000L, 10_000)).as("the rest stays due").isEqualTo(900);
    }
}
