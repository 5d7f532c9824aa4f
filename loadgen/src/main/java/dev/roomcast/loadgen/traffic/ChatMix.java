package dev.roomcast.loadgen.traffic;

import java.util.random.RandomGenerator;

/**
 * Chat as a live room produces it: most lines from low-level users, a few chatty high-level fans,
 * anonymous viewers, Chinese text with emoji, and the same memes repeated by many people at once
 * (which is what makes dictionary compression pay).
 */
public final class ChatMix implements ChatSource {

    /** One chat line to publish. */
    public record ChatLine(String userId, int level, boolean anonymous, String nickname, String text) {
    }

    static final String[] MEMES = {
        "666666", "哈哈哈哈哈哈", "主播好帅", "前方高能", "awsl", "yyds", "🐮🍺", "下次一定", "爷青回", "？？？",
        "2333333", "来了来了", "主播晚上好", "冲冲冲", "绝了", "🔥🔥🔥", "泪目😭", "好家伙", "点赞👍", "妙啊",
    };
    private static final String[] PHRASES = {
        "这个操作太秀了", "刚来，错过了什么", "主播今天状态不错", "求BGM", "这波不亏", "笑死我了", "我从广州来的",
        "第一次看直播", "有人一起吗", "声音有点小", "画质好清楚", "这把能赢吗", "主播加油", "弹幕护体", "已关注",
        "what a play", "gg", "nice", "LOL", "明天还播吗", "上车上车", "感谢分享",
    };
    private static final String[] EMOJI = {"😂", "🤣", "😍", "👏", "🎉", "💪", "😎", "🙏", "❤️", "✨", "🌹", "😮"};
    private static final String[] NICK_PARTS = {"小", "大", "老", "阿", "快乐的", "不吃香菜的", "momo", "星星", "月亮", "猫", "鱼", "风"};

    private final RandomGenerator random;
    private final int userPool;
    private final double anonymousShare;
    private final double memeShare;

    public ChatMix(RandomGenerator random, int userPool, double anonymousShare, double memeShare) {
        this.random = random;
        this.userPool = userPool;
        this.anonymousShare = anonymousShare;
        this.memeShare = memeShare;
    }

    public static ChatMix realistic(RandomGenerator random) {
        return new ChatMix(random, 50_000, 0.15, 0.35);
    }

    @Override
    public ChatLine next() {
        boolean anonymous = random.nextDouble() < anonymousShare;
        int user = chattyUser();
        String userId = anonymous ? "anon:dev-" + user : "u" + user;
        int level = anonymous ? 0 : level();
        return new ChatLine(userId, level, anonymous, anonymous ? "" : nickname(user), text());
    }

    /** A few users write most lines: squaring a uniform draw skews towards low ids. */
    private int chattyUser() {
        double u = random.nextDouble();
        return (int) (u * u * userPool);
    }

    /** User levels 0..60, most viewers low, a long tail of devoted fans. */
    int level() {
        double exp = -Math.log(1 - random.nextDouble()) * 9;   // mean ~9
        return (int) Math.min(60, exp);
    }

    private String nickname(int user) {
        return NICK_PARTS[user % NICK_PARTS.length] + NICK_PARTS[(user / 7) % NICK_PARTS.length] + (user % 1000);
    }

    String text() {
        if (random.nextDouble() < memeShare) {
            return MEMES[(int) (Math.pow(random.nextDouble(), 2) * MEMES.length)];   // popular memes repeat most
        }
        StringBuilder s = new StringBuilder(PHRASES[random.nextInt(PHRASES.length)]);
        int emoji = random.nextInt(3);
        for (int i = 0; i < emoji; i++) {
            s.append(EMOJI[random.nextInt(EMOJI.length)]);
        }
        if (random.nextInt(5) == 0) {
            s.append(' ').append(PHRASES[random.nextInt(PHRASES.length)]);
        }
        return s.toString();
    }
}
