package dev.roomcast.loadgen.traffic;

import java.util.random.RandomGenerator;

/**
 * Gifts with the value distribution of a live room: mostly cheap tokens, some mid-range, rare big
 * ones (which room-service sends immediately). Values in the smallest currency unit (coins).
 */
public final class GiftMix {

    /** One gift order. */
    public record GiftOrder(String giftId, String giftName, int count, long unitValue, String fromUser, String nickname) {
        public long totalValue() {
            return count * unitValue;
        }
    }

    private record Item(String id, String name, long value, double weight) {
    }

    private static final Item[] CATALOGUE = {
        new Item("heart", "小心心", 1, 0.40),
        new Item("lollipop", "棒棒糖", 5, 0.25),
        new Item("flower", "鲜花", 10, 0.12),
        new Item("coffee", "咖啡", 52, 0.10),
        new Item("crown", "皇冠", 99, 0.06),
        new Item("love", "告白气球", 520, 0.04),
        new Item("sports-car", "跑车", 1314, 0.02),
        new Item("rocket", "火箭", 5000, 0.008),
        new Item("carnival", "嘉年华", 30000, 0.002),
    };
    private static final int[] COUNTS = {1, 1, 1, 1, 1, 1, 10, 66, 99};

    private final RandomGenerator random;

    public GiftMix(RandomGenerator random) {
        this.random = random;
    }

    public GiftOrder next() {
        double r = random.nextDouble() * totalWeight();
        Item pick = CATALOGUE[CATALOGUE.length - 1];
        for (Item item : CATALOGUE) {
            r -= item.weight();
            if (r < 0) {
                pick = item;
                break;
            }
        }
        int count = pick.value() >= 1000 ? 1 : COUNTS[random.nextInt(COUNTS.length)];
        int user = random.nextInt(20_000);
        return new GiftOrder(pick.id(), pick.name(), count, pick.value(), "u" + user, "土豪" + user);
    }

    private static double totalWeight() {
        double sum = 0;
        for (Item item : CATALOGUE) {
            sum += item.weight();
        }
        return sum;
    }
}
