package dev.roomcast.loadgen.traffic;

import java.util.random.RandomGenerator;

/**
 * A second chat mix the bundled dictionary was not trained for: an international gaming stream in
 * English, Spanish, Japanese and Korean, with JSON bodies of another shape than the danmaku mix
 * (avatar URLs on other CDN hosts, badge lists, emote ids, reply references) and nicknames from three
 * characters to thirty. Measures how a deployment whose traffic differs fares before and after the
 * dictionary is learned from its own blocks.
 */
public final class AltChatMix implements ChatSource {

    private static final String[][] LINES = {
        {"en", "let's gooo", "GG WP", "that was insane", "no way he hit that", "chat is this real", "W streamer",
            "first time here, love the vibes", "what's the song?", "clip it!", "LMAO", "he's cooking", "rip",
            "can you play ranked next?", "hello from Texas", "that ult was clean", "F in the chat", "who's winning?"},
        {"es", "vamos!!!", "qué jugada", "saludos desde México", "jajajaja", "no puede ser", "buenísimo",
            "cuál es la canción?", "te quiero mucho", "primera vez aquí", "que buen stream", "increíble", "dale dale"},
        {"ja", "草", "うまい！", "ナイス", "おつかれさま", "かわいい", "初見です", "すごすぎる", "それな", "がんばれ！",
            "wwwww", "神プレイ", "この曲なに？", "こんばんは"},
        {"ko", "ㅋㅋㅋㅋㅋ", "대박", "와 미쳤다", "안녕하세요", "화이팅!", "ㄹㅇ", "좋아요", "처음 왔어요", "이거 뭐야",
            "천재다", "노래 제목 알려주세요", "ㄱㄱ"},
    };
    private static final String[] EMOTES = {"PogChamp", "KEKW", "LUL", "Kappa", "monkaS", "catJAM", "OMEGALUL", "Sadge"};
    private static final String[] AVATAR_HOSTS = {
        "https://static-cdn.streamhub.tv/avatars/", "https://img.playcast.gg/u/", "https://cdn.live-es.net/perfil/",
    };
    private static final String[][] BADGES = {
        {"subscriber", "Subscriber 3 months"}, {"subscriber", "Subscriber 12 months"}, {"vip", "VIP"},
        {"moderator", "Moderator"}, {"founder", "Founder"}, {"bits", "Cheer 1000"}, {"turbo", "Turbo"},
    };
    private static final String[] SHORT_NICKS = {"kai", "yui", "leo", "민지", "ゆい", "ana", "jo"};
    private static final String[] LONG_NICK_PARTS = {"xX_", "Dark", "Knight", "Sakura", "의", "Gamer", "_Xx",
        "María José", "de la Cruz", "ShadowHunter", "하늘", "の", "Tanaka", "2009"};

    private final RandomGenerator random;
    private final int userPool;
    private long replyTo = 1;

    public AltChatMix(RandomGenerator random, int userPool) {
        this.random = random;
        this.userPool = userPool;
    }

    public static AltChatMix international(RandomGenerator random) {
        return new AltChatMix(random, 80_000);
    }

    @Override
    public ChatMix.ChatLine next() {
        int user = (int) (Math.pow(random.nextDouble(), 1.5) * userPool);
        String[] lang = LINES[random.nextInt(LINES.length)];
        String text = lang[1 + random.nextInt(lang.length - 1)];
        if (random.nextInt(3) == 0) {
            text += " " + EMOTES[random.nextInt(EMOTES.length)];
        }
        StringBuilder body = new StringBuilder(200).append("{\"msg\":\"").append(text).append("\",\"lang\":\"")
                .append(lang[0]).append("\",\"avatar\":\"").append(AVATAR_HOSTS[user % AVATAR_HOSTS.length])
                .append(Integer.toHexString((int) (user * 2_654_435_761L)))
                .append(".webp\",\"badges\":[");
        int badges = random.nextInt(3);
        for (int i = 0; i < badges; i++) {
            String[] b = BADGES[random.nextInt(BADGES.length)];
            body.append(i > 0 ? "," : "").append("{\"set\":\"").append(b[0]).append("\",\"title\":\"").append(b[1]).append("\"}");
        }
        body.append(']');
        if (random.nextInt(6) == 0) {
            body.append(",\"replyTo\":").append(replyTo += 1 + random.nextInt(40));
        }
        body.append('}');
        return new ChatMix.ChatLine("acct-" + user, random.nextInt(40), false, nickname(user), body.toString());
    }

    /** Short handles, and long ones built from several parts (Latin, Hangul, kana). */
    private String nickname(int user) {
        if (user % 3 == 0) {
            return SHORT_NICKS[user % SHORT_NICKS.length];
        }
        StringBuilder s = new StringBuilder();
        int parts = 2 + user % 4;
        for (int i = 0; i < parts; i++) {
            s.append(LONG_NICK_PARTS[(user / (i + 1)) % LONG_NICK_PARTS.length]);
        }
        return s.append(user % 100).toString();
    }
}
