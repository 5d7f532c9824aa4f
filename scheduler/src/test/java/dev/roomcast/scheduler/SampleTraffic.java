package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic room traffic for dictionary training and the compression benchmark: Chinese danmaku with
 * emoji and memes, fan medals and levels, gifts with combos, PK bars, rank notices, aggregated enters
 * and likes, online counts. Bodies are JSON as a business backend would publish them. Deterministic per seed.
 */
public final class SampleTraffic {
    private static final String[] CHAT = {
        "主播好厉害！", "666666", "哈哈哈哈哈哈哈", "前方高能预警", "awsl", "这波操作我给满分", "主播今天好漂亮",
        "求BGM", "打卡打卡 第{n}天", "来了来了", "yyds", "绝绝子", "破防了家人们", "xswl", "冲冲冲", "主播加油💪",
        "😂😂😂", "🔥🔥🔥🔥", "❤️❤️", "太强了吧", "这也行？？", "下次一定", "爷青回", "泪目了😭", "好耶！", "啊这",
        "有没有一起的", "主播几点下播", "刚来，错过了什么", "PK必胜！！", "上车上车🚗", "关注了关注了", "笑死我了🤣",
        "真的假的", "弹幕护体", "保护我方主播", "这个价格太香了", "已下单", "链接在哪", "什么时候抽奖", "{n}楼",
        "晚上好呀🌙", "老粉报道", "新人求关注", "这首歌叫什么", "再来一遍！", "稳住我们能赢", "好家伙", "蚌埠住了",
    };
    private static final String[] NICK_A = {"快乐的", "孤独的", "可爱", "暴躁", "佛系", "熬夜", "摸鱼", "追光的", "爱吃"};
    private static final String[] NICK_B = {"小熊", "猫咪", "打工人", "少年", "仙女", "咸鱼", "橘子", "宝宝", "柠檬"};
    private static final String[] MEDALS = {"小甜心", "守护团", "铁粉", "甜橙", "大白", "星光"};
    private static final String[][] GIFTS = {
        {"g_1001", "小心心", "10"}, {"g_1002", "棒棒糖", "100"}, {"g_1003", "玫瑰", "520"},
        {"g_2001", "跑车", "20000"}, {"g_2002", "飞机", "100000"}, {"g_3001", "火箭", "500000"}, {"g_3002", "嘉年华", "3000000"},
    };
    private static final String[] COLORS = {"#FFFFFF", "#FFD700", "#FF6B6B", "#4FC3F7", "#81C784"};

    private final Random random;
    private final String roomId;
    private long msgId = 10_000_000;
    private long now = 1_700_000_000_000L;

    public SampleTraffic(long seed) {
        this.random = new Random(seed);
        this.roomId = Integer.toString(100_000 + random.nextInt(900_000));
    }

    /** One realistic block: mostly chat, some gifts, and the scheduler's own aggregate/online messages. */
    public List<Message> block(int size) {
        List<Message> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            now += random.nextInt(50);
            int dice = random.nextInt(100);
            if (dice < 68) {
                out.add(chat());
            } else if (dice < 82) {
                out.add(gift());
            } else if (dice < 86) {
                out.add(pk());
            } else if (dice < 89) {
                out.add(rankNotice());
            } else if (dice < 93) {
                out.add(aggregate(MessageType.ENTER));
            } else if (dice < 97) {
                out.add(aggregate(MessageType.LIKE));
            } else {
                out.add(base(MessageType.ONLINE_COUNT, 160).setMsgId(0).setConflateKey("online")
                        .setBody(Integer.toString(1000 + random.nextInt(300_000))).build());
            }
        }
        return out;
    }

    public byte[] encodedBlock(int size) {
        return BlockPayload.newBuilder().addAllMessages(block(size)).build().toByteArray();
    }

    private Message chat() {
        Sender sender = sender();
        String text = CHAT[random.nextInt(CHAT.length)].replace("{n}", Integer.toString(1 + random.nextInt(999)));
        String body = "{\"text\":\"" + text + "\",\"color\":\"" + COLORS[random.nextInt(COLORS.length)]
                + "\",\"fansMedal\":{\"name\":\"" + MEDALS[random.nextInt(MEDALS.length)] + "\",\"level\":"
                + (1 + random.nextInt(30)) + "},\"bubble\":" + random.nextInt(8) + "}";
        return base(MessageType.CHAT, sender.getAnonymous() ? 60 : 100 + sender.getLevel()).setSender(sender)
                .setBody(body).build();
    }

    private Message gift() {
        String[] g = GIFTS[Math.min(GIFTS.length - 1, (int) Math.abs(random.nextGaussian() * 2.2))];
        int count = random.nextInt(4) == 0 ? 1 + random.nextInt(99) : 1;
        long value = Long.parseLong(g[2]) * count;
        String body = "{\"orderId\":\"o" + (900_000_000L + random.nextInt(99_999_999)) + "\",\"giftId\":\"" + g[0]
                + "\",\"giftName\":\"" + g[1] + "\",\"count\":" + count + ",\"unitValue\":" + g[2]
                + ",\"combo\":" + (1 + random.nextInt(20)) + ",\"effect\":\"" + (value >= 500_000 ? "fullscreen" : "banner") + "\"}";
        return base(MessageType.GIFT, value >= 50_000 ? 220 : 180 + random.nextInt(3) * 10).setSender(sender())
                .setBody(body).build();
    }

    private Message pk() {
        String body = "{\"pkId\":\"pk_" + (roomId.hashCode() & 0xffff) + "\",\"left\":{\"roomId\":\"" + roomId
                + "\",\"score\":" + random.nextInt(2_000_000) + "},\"right\":{\"roomId\":\"" + (Integer.parseInt(roomId) + 7)
                + "\",\"score\":" + random.nextInt(2_000_000) + "},\"remainSec\":" + random.nextInt(300) + "}";
        return base(MessageType.PK, 170).setMsgId(0).setConflateKey("pk:" + (roomId.hashCode() & 0xffff)).setBody(body).build();
    }

    private Message rankNotice() {
        String body = "{\"kind\":\"rank\",\"text\":\"恭喜主播登上小时榜第" + (1 + random.nextInt(50)) + "名🎉\",\"link\":\"roomcast://rank/hour\"}";
        return base(MessageType.NOTIFY, 150).setBody(body).build();
    }

    private Message aggregate(MessageType type) {
        int count = 1 + random.nextInt(3000);
        Message.Builder b = base(type, 40).setMsgId(0).setAggregateCount(count)
                .setConflateKey(type == MessageType.ENTER ? "enter" : "like");
        if (type == MessageType.ENTER) {
            Sender s = sender();
            b.setSender(s).setBody(AggregateText.entered(s, count));
        } else {
            b.setBody(AggregateText.likes(count));
        }
        return b.build();
    }

    private Message.Builder base(MessageType type, int priority) {
        return Message.newBuilder().setRoomId(roomId).setMsgId(++msgId).setType(type).setPriority(priority)
                .setCreatedAtMs(now);
    }

    private Sender sender() {
        if (random.nextInt(20) == 0) {
            return Sender.newBuilder().setUserId("d" + Long.toHexString(random.nextLong())).setAnonymous(true).build();
        }
        int level = (int) Math.min(60, Math.abs(random.nextGaussian() * 15));
        return Sender.newBuilder().setUserId("u" + (10_000_000 + random.nextInt(89_999_999))).setLevel(level)
                .setNickname(NICK_A[random.nextInt(NICK_A.length)] + NICK_B[random.nextInt(NICK_B.length)]
                        + random.nextInt(10_000)).build();
    }

    /** The same messages as plain JSON (the Baidu comparison baseline: what a JSON protocol would send). */
    public static String toJson(List<Message> messages) {
        StringBuilder sb = new StringBuilder(4096).append('[');
        for (Message m : messages) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"roomId\":\"").append(m.getRoomId()).append("\",\"msgId\":").append(m.getMsgId())
                    .append(",\"type\":\"").append(m.getType()).append("\",\"priority\":").append(m.getPriority());
            if (m.hasSender()) {
                sb.append(",\"sender\":{\"userId\":\"").append(m.getSender().getUserId()).append("\",\"level\":")
                        .append(m.getSender().getLevel()).append(",\"anonymous\":").append(m.getSender().getAnonymous())
                        .append(",\"nickname\":\"").append(m.getSender().getNickname()).append("\"}");
            }
            sb.append(",\"body\":\"").append(m.getBody().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\",\"createdAtMs\":").append(m.getCreatedAtMs());
            if (!m.getConflateKey().isEmpty()) {
                sb.append(",\"conflateKey\":\"").append(m.getConflateKey()).append('"');
            }
            if (m.getAggregateCount() > 0) {
                sb.append(",\"aggregateCount\":").append(m.getAggregateCount());
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }
}
