import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_HOURS, addTally, emptyTally, tallyKey, tallyRecords, type KpiConversation, type KpiMessage, type Tally } from './tally.ts';
import { figuresOf, finalConversion, missedTargets } from './figures.ts';
import { bucketOf, medianOf, percentile } from './histogram.ts';

const TZ = 'Asia/Shanghai';
/** A shop-time instant: day of November 2026, hour and minute in Shanghai. */
const at = (day: number, hour: number, minute: number, second = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute, second));
const AGENT = 7;
const OTHER = 8;

function conversation(id: number, over: Partial<KpiConversation> = {}): KpiConversation {
  return { id, buyerId: `buyer${id}`, agentId: AGENT, firstBuyerMessageAt: null, firstResponseAt: null, firstResponseBy: null, ...over };
}
const question = (conversationId: number, createdAt: Date, answeredAt: Date | null, answeredBy: number | null = AGENT): KpiMessage => ({
  conversationId, sender: 'buyer', staffId: null, createdAt, answeredAt, answeredBy: answeredAt ? answeredBy : null,
});
const reply = (conversationId: number, createdAt: Date, staffId = AGENT): KpiMessage => ({ conversationId, sender: 'staff', staffId, createdAt, answeredAt: null, answeredBy: null });

function tallyOf(messages: KpiMessage[], now = at(20, 12, 0), conversations = [conversation(1), conversation(2, { agentId: null })]): Map<string, Tally> {
  return tallyRecords({ conversations, messages }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now });
}

describe('response times and the 3-minute rate, one question at a time', () => {
  it.each([
    // case, asked, answered, shop day counted, seconds waited, in service hours, quick
    ['answered in 40 s', at(3, 10, 0), at(3, 10, 0, 40), '2026-11-03', 40, 1, 1],
    ['answered at exactly 3 minutes', at(3, 10, 0), at(3, 10, 3), '2026-11-03', 180, 1, 1],
    ['answered at 3 minutes 1 second', at(3, 10, 0), at(3, 10, 3, 1), '2026-11-03', 181, 1, 0],
    ['asked 23:58, answered 00:01 the next day: counted on the day asked', at(3, 23, 58), at(4, 0, 1), '2026-11-03', 180, 1, 1],
    ['asked 07:59 (before service hours): no 3-minute count', at(3, 7, 59), at(3, 8, 5), '2026-11-03', 360, 0, 0],
    ['asked 08:00 (service starts), answered 08:04', at(3, 8, 0), at(3, 8, 4), '2026-11-03', 240, 1, 0],
    ['asked 00:30 (after service hours end at 24:00)', at(4, 0, 30), at(4, 0, 31), '2026-11-04', 60, 0, 0],
  ])('%s', (_case, asked, answered, day, seconds, inHours, quick) => {
    const tally = tallyOf([question(1, asked, answered)]).get(tallyKey(AGENT, day));
    expect(tally).toMatchObject({ questions: 1, answered: 1, responseSumS: seconds, inHours, inHoursQuick: quick });
    expect(tally?.responseHist).toEqual({ [bucketOf(seconds)]: 1 });
  });

  it.each([
    ['waiting 2 minutes: not judged yet', at(20, 11, 58), 0],
    ['waiting 5 minutes: a miss', at(20, 11, 55), 1],
  ])('an unanswered question %s, counted for the chat\'s agent', (_case, asked, inHours) => {
    const tally = tallyOf([question(1, asked, null)], at(20, 12, 0)).get(tallyKey(AGENT, '2026-11-20'));
    expect(tally).toMatchObject({ questions: 1, answered: 0, inHours, inHoursQuick: 0 });
  });

  it('a question that waited in the queue (no agent) counts for the team only', () => {
    const tallies = tallyOf([question(2, at(20, 9, 0), null)]);
    expect(tallies.get(tallyKey(null, '2026-11-20'))).toMatchObject({ questions: 1, inHours: 1, inHoursQuick: 0 });
  });

  it('a question is the answering agent\'s, also after a transfer', () => {
    const tallies = tallyOf([question(1, at(3, 10, 0), at(3, 10, 1), OTHER)]);
    expect(tallies.get(tallyKey(OTHER, '2026-11-03'))?.answered).toBe(1);
    expect(tallies.has(tallyKey(AGENT, '2026-11-03'))).toBe(false);
  });
});

describe('the answer ratio (答问比)', () => {
  it.each([
    ['two replies to one question', 1, 2, 2],
    ['one reply to two questions', 2, 1, 0.5],
    ['no question', 0, 3, null],
  ])('%s', (_case, questions, replies, expected) => {
    const messages = [
      ...Array.from({ length: questions }, (_, i) => question(1, at(3, 10, i), at(3, 10, 5))),
      ...Array.from({ length: replies }, (_, i) => reply(1, at(3, 10, 5 + i))),
    ];
    expect(figuresOf(tallyOf(messages).get(tallyKey(AGENT, '2026-11-03')) ?? emptyTally()).answerRatio).toBe(expected);
  });
});

describe('first response time', () => {
  it.each([
    ['within the day', at(3, 10, 0), at(3, 10, 2), '2026-11-03', 120],
    ['asked 23:59, first answer 00:02: the day asked', at(3, 23, 59), at(4, 0, 2), '2026-11-03', 180],
  ])('%s', (_case, firstBuyerMessageAt, firstResponseAt, day, seconds) => {
    const tallies = tallyOf([], at(20, 0, 0), [conversation(1, { firstBuyerMessageAt, firstResponseAt, firstResponseBy: AGENT })]);
    expect(tallies.get(tallyKey(AGENT, day))).toMatchObject({ firstResponses: 1, firstSumS: seconds });
  });
});

describe('inquiry conversion (询单转化率) and order value (客单价)', () => {
  const asked = at(3, 23, 50);
  it.each([
    ['paid a minute after asking', at(3, 23, 51), 1],
    ['paid at 23:59 the next day', at(4, 23, 59), 1],
    ['paid at 00:10 two days later: too late', at(5, 0, 10), 0],
    ['paid before asking: not this enquiry', at(3, 23, 0), 0],
  ])('%s', (_case, paidAt, converted) => {
    const conversations = [conversation(1, { firstBuyerMessageAt: asked, firstResponseAt: at(3, 23, 51), firstResponseBy: AGENT })];
    const tallies = tallyRecords({ conversations, messages: [], payments: [{ buyerId: 'buyer1', paidAt, totalFen: 29_900 }] }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: at(20, 0, 0) });
    const figures = figuresOf(tallies.get(tallyKey(AGENT, '2026-11-03')) ?? emptyTally());
    expect(figures.enquiries).toBe(1);
    expect(figures.conversion).toBe(converted);
    expect(figures.orderValueFen).toBe(converted ? 29_900 : null);
  });

  it('a buyer who opens two chats the same day is one enquiry', () => {
    const conversations = [
      conversation(1, { buyerId: 'b', firstBuyerMessageAt: at(3, 9, 0), firstResponseBy: AGENT }),
      conversation(2, { buyerId: 'b', firstBuyerMessageAt: at(3, 15, 0), firstResponseBy: AGENT }),
    ];
    const tallies = tallyRecords({ conversations, messages: [] }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: at(20, 0, 0) });
    expect(tallies.get(tallyKey(AGENT, '2026-11-03'))?.enquiries).toBe(1);
  });

  it('final conversion over a range counts a buyer once, paid up to the day after the range', () => {
    const conversations = [
      conversation(1, { buyerId: 'a', firstBuyerMessageAt: at(2, 10, 0), firstResponseBy: AGENT }),
      conversation(2, { buyerId: 'a', firstBuyerMessageAt: at(6, 10, 0), firstResponseBy: AGENT }),
      conversation(3, { buyerId: 'b', firstBuyerMessageAt: at(7, 10, 0), firstResponseBy: AGENT }),
      conversation(4, { buyerId: 'c', firstBuyerMessageAt: at(9, 10, 0), firstResponseBy: AGENT }),
    ];
    const payments = [
      { buyerId: 'a', paidAt: at(5, 10, 0), totalFen: 100 }, // three days after asking: final, not daily
      { buyerId: 'b', paidAt: at(8, 12, 0), totalFen: 100 }, // the day after the range
      { buyerId: 'c', paidAt: at(9, 12, 0), totalFen: 100 }, // asked after the range
    ];
    expect(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-07', tz: TZ }).get(AGENT)).toEqual({ asked: 2, paid: 2 });
  });
});

describe('satisfaction and points lost', () => {
  it('4–5 are satisfied, 1–2 dissatisfied, 3 neither; penalties count, rewards do not', () => {
    const ratings = [5, 4, 3, 2, 1].map((score) => ({ staffId: AGENT, at: at(3, 12, 0), score }));
    const penalties = [
      { staffId: AGENT, occurredAt: at(3, 9, 0), points: -2 },
      { staffId: AGENT, occurredAt: at(3, 9, 0), points: 3 },
    ];
    const tallies = tallyRecords({ conversations: [], messages: [], ratings, penalties }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: at(20, 0, 0) });
    const figures = figuresOf(tallies.get(tallyKey(AGENT, '2026-11-03')) ?? emptyTally());
    expect(figures).toMatchObject({ ratings: 5, satisfiedRate: 0.4, dissatisfiedRate: 0.4, pointsLost: 2 });
  });
});

describe('medians and p90 from histograms, summed over days', () => {
  it('adds two days and reads the median and p90 of the whole', () => {
    const day1 = tallyOf([10, 20, 30].map((s) => question(1, at(3, 10, 0), at(3, 10, 0, s)))).get(tallyKey(AGENT, '2026-11-03'));
    const day2 = tallyOf([40, 50, 400].map((s) => question(1, at(4, 10, 0), new Date(at(4, 10, 0).getTime() + s * 1000)))).get(tallyKey(AGENT, '2026-11-04'));
    const week = addTally(addTally(emptyTally(), day1 ?? emptyTally()), day2 ?? emptyTally());
    const figures = figuresOf(week);
    expect(figures).toMatchObject({ questions: 6, responseMedianS: 30, responseP90S: 400, responseAvgS: 550 / 6 });
  });

  it.each([
    [59, 59], [61, 60], [599, 590], [601, 600], [3599, 3540], [7200, 3600],
  ])('%i s falls in bucket %i', (seconds, bucket) => {
    expect(bucketOf(seconds)).toBe(bucket);
  });

  it('empty is null, not 0', () => {
    expect(percentile({}, 0.5)).toBeNull();
    expect(medianOf([])).toBeNull();
    expect(medianOf([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('targets', () => {
  it.each([
    ['a slow average response misses', { responseAvgS: 30 }, ['responseAvgS']],
    ['a low 3-minute rate misses', { quickRate: 0.95 }, ['quickRate']],
    ['met targets are not listed', { quickRate: 0.5, responseAvgS: 180 }, []],
    ['a figure without data misses nothing', { satisfiedRate: 0.9 }, []],
  ])('%s', (_case, targets, missed) => {
    const tally = tallyOf([question(1, at(3, 10, 0), at(3, 10, 1)), question(1, at(3, 10, 0), at(3, 10, 5))]).get(tallyKey(AGENT, '2026-11-03'));
    expect(missedTargets(figuresOf(tally ?? emptyTally()), targets)).toEqual(missed);
  });

  it.each([
    ['a verified complaint over a target of 0 misses', { complaintsVerified: 0 }, { complaintsVerified: 1, complaintHandlingAvgS: null }, ['complaintsVerified']],
    ['as many as the target is met', { complaintsVerified: 1 }, { complaintsVerified: 1, complaintHandlingAvgS: null }, []],
    ['slow handling misses', { complaintHandlingAvgS: 86_400 }, { complaintsVerified: 0, complaintHandlingAvgS: 86_401 }, ['complaintHandlingAvgS']],
    ['nothing handled misses nothing', { complaintHandlingAvgS: 3600 }, { complaintsVerified: 0, complaintHandlingAvgS: null }, []],
    ['complaint figures not given miss nothing', { complaintsVerified: 0, complaintHandlingAvgS: 1 }, {}, []],
  ])('complaints: %s', (_case, targets, complaints, missed) => {
    expect(missedTargets({ ...figuresOf(emptyTally()), ...complaints }, targets)).toEqual(missed);
  });
});
