/**
 * Demo chat history for the service-quality pages (issue 15): three weeks of closed chats
 * before today, so after `npm start` a supervisor sees KPIs and charts on 绩效指标, samples on
 * 质检, ratings and a call-back, conversions, and a complaint or two on 客户投诉 — and the
 * report the workers build at start has yesterday's chats, ratings and complaints in it.
 *
 * Plain inserts that keep the chat's invariants: every buyer message carries the first
 * staff answer after it (`answered_at`, `answered_by`), every conversation its first buyer
 * message and first response, a closing agent and time; a 1–2 rating has its open call-back;
 * a complaint has its events (and its chat excerpts when it comes from a chat), a deadline by
 * its severity, and the state its events say. Times are in service hours of the shop's zone;
 * answers mostly within a minute, some slow (so the 3-minute rate is not 100 %).
 * Deterministic (a seeded random sequence). Once: the `setting` row `demo.chat_history` is
 * claimed first in the same transaction, so a restart, or two processes at once, add nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, dayStart, shopDay } from '@kefu/shared/domain/kpis/days';
import { DEFAULT_DEADLINE_HOURS } from '@kefu/shared/domain/complaints/complaints';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Days of history before today. */
export const DEMO_CHAT_DAYS = 21;
const MARK = 'demo.chat_history';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BUYERS = [
  '晴天的鞋柜', '橘子汽水9', 'momo买买买', '跑步的阿杰', '小林不吃香菜', '木子李123', '周末去爬山', '一颗小土豆', '蓝莓冰沙',
  '阿宝妈妈', '风吹麦浪88', '北方的猫', '爱穿帆布鞋', '糖糖tang', '老陈在路上', '夏天的风2020', '鹿鹿鹿', '程序员小王',
  '奶茶三分糖', '黄小米', '城南旧事', '大白鲨', '西瓜味的夏', '落日飞车', '安静的喵', '七月流火', '豆豆妈', '山海之间',
];

/** A pre-sale chat: what the buyer asks, what the agent answers, in turn. */
const PRESALE: string[][] = [
  ['在吗？这款小白鞋37码还有货吗', '亲，在的～37码现在有货，今天下单今天发哦', '平时穿37的，这款偏大还是偏小', '这款是标准码，平时穿37选37就可以哦', '好的，那我拍了', '好的亲，拍下后我这边给您备注尽快发出～'],
  ['跑步鞋有没有42码的灰色', '亲，灰色42码有的，这款是轻便款，适合日常慢跑', '鞋底软吗，我体重有点大', '鞋底是缓震中底，比较软弹，体重大一些也可以放心穿', '发什么快递', '默认中通，偏远地区会发邮政，一般2到3天到'],
  ['帆布鞋会不会磨脚', '亲，这款后跟有加软垫，正常穿不会磨脚的', '我脚背有点高', '脚背高的话建议拍大半码，或者选我们的宽版', '有宽版吗', '有的亲，链接我发您，尺码同样有货'],
  ['今天拍明天能到吗，杭州', '亲，杭州一般次日达，下午4点前拍下当天发出', '可以开发票吗', '可以的，下单时备注抬头和税号，我们随货寄出', '好的谢谢'],
  ['这个鞋子掉色吗', '亲，这款是头层牛皮，正常穿着不掉色，雨天尽量避免泡水哦', '有没有送鞋垫', '现在下单送一双同色鞋垫和鞋带', '那我买两双可以便宜点吗', '两双可以用店铺满减券，满299减30，我帮您确认一下尺码'],
  ['女款有粉色的吗', '亲，粉色是限定色，目前36到38码有货', '我穿38，想要粉色', '好的，38码粉色有的，建议尽快下单，库存不多了'],
  ['孩子脚长21厘米穿多大', '亲，脚长21厘米建议选33码，留一点余量', '能不能退换', '支持七天无理由退换，吊牌不要拆，不影响二次销售就可以'],
];

const AFTERSALE: string[][] = [
  ['你好，我买的鞋开胶了', '亲，非常抱歉，麻烦拍一下开胶的位置和订单号发我', '[图片] 订单号在这', '收到，这属于质量问题，我们给您换新，运费我们承担', '那怎么寄回去', '我把退货地址发您，寄回后填一下快递单号就可以'],
  ['鞋码偏小了，想换大一码', '亲，可以换的，请确认要换的尺码', '换38', '好的，38码有货，您寄回时在包裹里放一张纸条写上订单号和要换的尺码', '邮费谁出', '换码的话来回运费各自承担一边哦，感谢理解'],
  ['快递三天了还没动', '亲，我帮您查一下物流', '好的', '查到了，中转站滞留，我已经联系快递加急，今天会有更新', '麻烦了'],
  ['收到的颜色不对，我买的是黑色', '亲，非常抱歉，麻烦拍一下鞋盒上的标签', '[图片]', '确实是我们仓库发错了，给您补发黑色，错发的这双寄回就可以，运费我们出'],
];

const FOLLOW_UPS = ['[商品链接]', '亲，这是我们的尺码表，您对照一下脚长～', '[图片]', '有其他问题随时问我哦'];

/** Closing lines an agent uses (the 催付 / 结束语 of the rulebook's steps). */
const CLOSING = ['亲，还有其他问题随时找我哦～', '感谢亲的支持，祝您穿着愉快！', '有问题随时联系，我们一直在的～'];
const COMMENTS: Record<number, string[]> = {
  5: ['客服很耐心', '回复很快，推荐', '解答得很清楚'],
  4: ['还可以', '回复挺及时'],
  3: ['一般'],
  2: ['回复有点慢'],
  1: ['等了好久才回'],
};

interface Staff {
  id: number;
  username: string;
}

/** One demo chat, drawn before anything is written (see the day loop). */
interface ChatPlan {
  role: 'presale' | 'aftersale';
  agentId: number;
  buyerId: string;
  lines: Array<{ sender: 'buyer' | 'staff'; body: string; at: Date }>;
  closedAt: Date;
  order: { paidAt: Date; priceFen: number; title: string; colour: string; size: string } | null;
  rating: { score: number; ratedAt: Date; comment: string | null } | null;
}

/** Seeds the history once; returns whether it did. */
export async function seedDemoChatHistory(db: DataSource, now: Date, tz: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = (await tx.query('INSERT IGNORE INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?)', [MARK, JSON.stringify({ days: DEMO_CHAT_DAYS }), now])) as { affectedRows: number };
    if (Number(claimed.affectedRows) !== 1) return false;
    const staff = new Map(
      ((await tx.query("SELECT id, username FROM staff WHERE username IN ('presale1', 'presale2', 'aftersale1', 'aftersale2', 'supervisor')")) as Staff[]).map((s) => [s.username, Number(s.id)]),
    );
    const presale = [staff.get('presale1'), staff.get('presale2')].filter((id): id is number => id !== undefined);
    const aftersale = [staff.get('aftersale1'), staff.get('aftersale2')].filter((id): id is number => id !== undefined);
    const supervisor = staff.get('supervisor');
    if (presale.length === 0 || aftersale.length === 0 || supervisor === undefined) return true;

    const random = rng(20261130);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const today = shopDay(now, tz);
    let orderNo = 0;
    let clientNo = 0;
    const made: Array<{ id: number; buyerId: string; agentId: number; role: string; closedAt: Date; lines: number }> = [];

    for (let daysAgo = DEMO_CHAT_DAYS; daysAgo >= 1; daysAgo -= 1) {
      const day = addDays(today, -daysAgo);
      const start = dayStart(day, tz).getTime();
      // Busier on weekends' eves; 6–11 chats a day.
      const chats = 6 + Math.floor(random() * 6);
      // Each chat planned first (every random draw in the order it always had, so the demo's
      // figures are unchanged), then written in the order the chats began: message ids then
      // follow time as live chats' do, and the history search, newest first by id, reads
      // newest first by time too (it did not: a day's chats were written in a random order).
      const plans: ChatPlan[] = [];
      for (let c = 0; c < chats; c += 1) {
        const role = random() < 0.7 ? 'presale' : 'aftersale';
        const agentId = pick(role === 'presale' ? presale : aftersale);
        const script = pick(role === 'presale' ? PRESALE : AFTERSALE);
        const buyerId = pick(BUYERS);
        // 09:00–21:30 shop time.
        let t = start + 9 * HOUR + Math.floor(random() * (12.5 * HOUR));
        const lines: Array<{ sender: 'buyer' | 'staff'; body: string; at: Date }> = [];
        script.forEach((body, k) => {
          const buyer = k % 2 === 0;
          if (k > 0) {
            // An answer: mostly 8–80 s, one in six slow (3–9 min); a buyer's next line 30 s–3 min later.
            t += buyer ? 30_000 + Math.floor(random() * 150_000) : random() < 1 / 6 ? 3 * MINUTE + Math.floor(random() * 6 * MINUTE) : 8_000 + Math.floor(random() * 72_000);
          }
          lines.push({ sender: buyer ? 'buyer' : 'staff', body, at: new Date(t) });
          // An agent often adds a line to an answer (a link, the size chart): 答问比 above 1.
          if (!buyer && random() < 0.3) {
            t += 5_000 + Math.floor(random() * 15_000);
            lines.push({ sender: 'staff', body: pick(FOLLOW_UPS), at: new Date(t) });
          }
        });
        if (lines.at(-1)!.sender === 'buyer') {
          t += 10_000 + Math.floor(random() * 50_000);
          lines.push({ sender: 'staff', body: pick(CLOSING), at: new Date(t) });
        }
        const closedAt = new Date(t + 2 * MINUTE);
        const plan: ChatPlan = { role, agentId, buyerId, lines, closedAt, order: null, rating: null };
        // About a third of pre-sale enquiries pay the same or the next day (询单转化).
        if (role === 'presale' && random() < 0.35) {
          const paidAt = new Date(closedAt.getTime() + Math.floor(random() * 20 * HOUR));
          if (paidAt < now) {
            plan.order = {
              paidAt,
              priceFen: pick([15_900, 19_900, 25_900, 29_900, 35_900]),
              title: pick(['百搭小白鞋女款', '轻便跑步鞋', '复古帆布鞋']),
              colour: pick(['白色', '黑色', '灰色']),
              size: pick(['36', '37', '38', '40', '42']),
            };
          }
        }
        // Three in five chats are rated, shortly after closing; mostly 4–5.
        if (random() < 0.6) {
          const roll = random();
          const score = roll < 0.6 ? 5 : roll < 0.85 ? 4 : roll < 0.93 ? 3 : roll < 0.97 ? 2 : 1;
          const ratedAt = new Date(closedAt.getTime() + MINUTE + Math.floor(random() * 10 * MINUTE));
          const comment = random() < 0.5 ? pick(COMMENTS[score]!) : null;
          plan.rating = { score, ratedAt, comment };
        }
        plans.push(plan);
      }
      plans.sort((a, b) => a.lines[0]!.at.getTime() - b.lines[0]!.at.getTime());

      for (const { role, agentId, buyerId, lines, closedAt, order, rating } of plans) {
        const opened = lines[0]!.at;
        const firstAnswer = lines.find((l) => l.sender === 'staff')!.at;
        const conversation = (await tx.query(
          `INSERT INTO chat_conversation (buyer_id, role, status, agent_id, last_seq, last_message_at, buyer_read_seq, staff_read_seq, opened_at, assigned_at, closed_at, closed_by,
             first_buyer_message_at, first_response_at, first_response_by)
           VALUES (?, ?, 'closed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [buyerId, role, agentId, lines.length, lines.at(-1)!.at, lines.length, lines.length, opened, opened, closedAt, agentId, opened, firstAnswer, agentId],
        )) as { insertId: number };
        const id = Number(conversation.insertId);
        const values: unknown[] = [];
        lines.forEach((line, k) => {
          const answer = line.sender === 'buyer' ? lines.slice(k + 1).find((l) => l.sender === 'staff') : undefined;
          values.push(id, k + 1, `demo-chat-${++clientNo}`, line.sender, line.sender === 'staff' ? agentId : null, line.body, line.at, answer?.at ?? null, answer ? agentId : null);
        });
        await tx.query(
          `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at, answered_at, answered_by) VALUES ${lines.map(() => "(?, ?, ?, ?, ?, 'text', ?, ?, ?, ?)").join(', ')}`,
          values,
        );
        made.push({ id, buyerId, agentId, role, closedAt, lines: lines.length });

        if (order) {
          const no = `39215500170${String(++orderNo).padStart(5, '0')}`;
          const placed = (await tx.query(
            "INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES (?, ?, 'paid', ?, ?, ?, ?, ?, ?, 1)",
            [no, buyerId, order.priceFen, order.paidAt, order.paidAt, agentId, order.paidAt, order.paidAt],
          )) as { insertId: number };
          await tx.query('INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES (?, 1, ?, ?, ?, 1, ?, 1)', [
            placed.insertId,
            order.title,
            order.colour,
            order.size,
            order.priceFen,
          ]);
        }

        if (rating) {
          const { score, ratedAt, comment } = rating;
          const inserted = (await tx.query('INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, buyerId, agentId, score, comment, ratedAt])) as { insertId: number };
          if (score <= 2) {
            // A 1–2 opens a call-back (satisfaction.service.ts); the older ones have been called back.
            const done = daysAgo > 3;
            await tx.query('INSERT INTO quality_callback (conversation_id, rating_id, buyer_id, staff_id, status, answer, done_by, done_at, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
              id,
              inserted.insertId,
              buyerId,
              agentId,
              done ? 'done' : 'open',
              done ? '买家表示理解，问题已解决' : null,
              done ? supervisor : null,
              done ? new Date(ratedAt.getTime() + 3 * HOUR) : null,
              ratedAt,
              done ? 2 : 1,
            ]);
          }
        }
      }
    }
    await seedComplaints(tx, made, { presale, aftersale, supervisor, now });
    return true;
  });
}

/**
 * Two complaints from the chats: a verified attitude complaint about a pre-sale agent five
 * days ago, handled and called back; and a delivery complaint of a day or two ago still open
 * past its deadline (high: 24 h), so the list flags it and the workers' sweep notifies it.
 */
async function seedComplaints(
  tx: EntityManager,
  made: Array<{ id: number; buyerId: string; agentId: number; role: string; closedAt: Date; lines: number }>,
  who: { presale: number[]; aftersale: number[]; supervisor: number; now: Date },
): Promise<void> {
  const fiveDaysAgo = who.now.getTime() - 5 * 24 * HOUR;
  const attitude = [...made].reverse().find((c) => c.role === 'presale' && c.closedAt.getTime() < fiveDaysAgo);
  const delivery = [...made].reverse().find((c) => c.role === 'aftersale' && c.closedAt.getTime() < who.now.getTime() - 26 * HOUR);
  const handler = who.aftersale[0]!;
  const insert = async (
    chat: (typeof made)[number],
    fields: { category: string; severity: 'high' | 'normal'; description: string; staffId: number | null; registeredAt: Date },
  ): Promise<number> => {
    const deadline = new Date(fields.registeredAt.getTime() + DEFAULT_DEADLINE_HOURS[fields.severity] * HOUR);
    const result = (await tx.query(
      `INSERT INTO complaint (source, conversation_id, buyer_id, staff_id, category, severity, handler_id, status, description, deadline_at, created_by, created_at, version)
       VALUES ('chat', ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, 1)`,
      [chat.id, chat.buyerId, fields.staffId, fields.category, fields.severity, handler, fields.description, deadline, who.supervisor, fields.registeredAt],
    )) as { insertId: number };
    const id = Number(result.insertId);
    // The chat's last lines as its excerpts, as registering from a chat attaches them.
    await tx.query(
      `INSERT INTO complaint_message (complaint_id, seq, sender, staff_id, kind, excerpt, sent_at)
       SELECT ?, seq, sender, staff_id, kind, LEFT(COALESCE(body, ''), 500), created_at FROM chat_message WHERE conversation_id = ? AND seq > ? ORDER BY seq`,
      [id, chat.id, Math.max(0, chat.lines - 3)],
    );
    await tx.query("INSERT INTO complaint_event (complaint_id, kind, by_staff_id, to_staff_id, note, at) VALUES (?, 'registered', ?, ?, NULL, ?)", [id, who.supervisor, handler, fields.registeredAt]);
    return id;
  };
  if (attitude) {
    const registeredAt = new Date(attitude.closedAt.getTime() + 40 * MINUTE);
    const resolvedAt = new Date(registeredAt.getTime() + 20 * HOUR);
    const calledAt = new Date(resolvedAt.getTime() + 2 * HOUR);
    const id = await insert(attitude, { category: 'attitude', severity: 'normal', description: '买家来电说客服回复敷衍，问了两次尺码都没正面回答', staffId: attitude.agentId, registeredAt });
    await tx.query(
      `UPDATE complaint SET status = 'closed', investigation = ?, resolution = ?, verified = 1, resolved_at = ?, callback_answer = ?, callback_satisfied = 1, closed_at = ?, version = 3 WHERE id = ?`,
      ['看了聊天记录，第二次询问尺码时只回了“看详情页”', '已向买家致歉并送优惠券，客服已做话术辅导', resolvedAt, '买家说后来的客服很耐心，问题解决了', calledAt, id],
    );
    await tx.query("INSERT INTO complaint_event (complaint_id, kind, by_staff_id, to_staff_id, note, at) VALUES (?, 'resolve', ?, NULL, NULL, ?), (?, 'callback', ?, NULL, NULL, ?)", [id, handler, resolvedAt, id, handler, calledAt]);
  }
  if (delivery) {
    const registeredAt = new Date(delivery.closedAt.getTime() + 30 * MINUTE);
    await insert(delivery, { category: 'delivery', severity: 'high', description: '换货寄出三天还没收到，买家很着急', staffId: null, registeredAt });
  }
}
