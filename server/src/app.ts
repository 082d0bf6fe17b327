import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { parse as parseCookies } from 'cookie';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Config } from './platform/config.ts';
import { Api, errorHandler, notFound, openApiDocument, requestIds, type Actor, type BuyerActor } from './platform/http.ts';
import { createIo, RealtimeHub, rooms, type Io } from './platform/realtime.ts';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { Keys } from './platform/redis.ts';
import { csrfGuard } from './platform/origin.ts';
import { serveClient } from './platform/static.ts';
import { securityHeaders } from './platform/headers.ts';
import type { Logger } from './platform/log.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { LoginLimiter } from './modules/auth/login-limiter.ts';
import { SESSION_COOKIE, SessionStore } from './modules/auth/session.store.ts';
import { authSocket } from './modules/auth/auth.socket.ts';
import { StaffService } from './modules/staff/staff.service.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { ChatBroadcaster } from './modules/chat/chat.broadcast.ts';
import { BUYER_COOKIE, BuyerRateLimits, BuyerSessions, buyerSessionLimiter } from './modules/chat/chat.buyers.ts';
import { BuyerIdentity } from './modules/chat/chat.identity.ts';
import { Handover } from './modules/chat/chat.handover.ts';
import { ChatHelp } from './modules/chat/chat.help.ts';
import { ChatOrderMentions } from './modules/chat/chat.order-mentions.ts';
import { ImageStore } from './modules/chat/chat.images.ts';
import { VisitorService } from './modules/chat/chat.visitors.ts';
import { PresenceService } from './modules/chat/chat.presence.ts';
import { chatRoutes } from './modules/chat/chat.routes.ts';
import { ChatService } from './modules/chat/chat.service.ts';
import { chatSocket } from './modules/chat/chat.socket.ts';
import { Queue } from 'bullmq';
import { JOBS, SCHEDULERS } from '@kefu/shared/jobs';
import { LedgerService } from './modules/scoring/ledger.service.ts';
import { ScoringService } from './modules/scoring/scoring.service.ts';
import { scoringRoutes } from './modules/scoring/scoring.routes.ts';
import { LedgerImages } from './modules/scoring/ledger.images.ts';
import { ledgerImageRoutes } from './modules/scoring/ledger.images.routes.ts';
import { LedgerImport } from './modules/scoring/ledger.import.ts';
import { ledgerImportRoutes } from './modules/scoring/ledger.import.routes.ts';
import { ScoringHistory } from './modules/scoring/scoring.history.ts';
import { scoringHistoryRoutes } from './modules/scoring/scoring.history.routes.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { orderBuyerFacts } from './modules/orders/orders.buyer-facts.ts';
import { OrdersService } from './modules/orders/orders.service.ts';
import { ordersRoutes } from './modules/orders/orders.routes.ts';
import { OrderChangesService } from './modules/orders/order-changes.service.ts';
import { orderChangesRoutes } from './modules/orders/order-changes.routes.ts';
import { WarehouseRequestsService } from './modules/orders/warehouse-requests.service.ts';
import { warehouseRequestsRoutes } from './modules/orders/warehouse-requests.routes.ts';
import { BankTransfersService } from './modules/orders/bank-transfers.service.ts';
import { bankTransfersRoutes } from './modules/orders/bank-transfers.routes.ts';
import { orderChangesRepository } from './modules/orders/order-changes.repository.ts';
import { OrderImportService } from './modules/orderimport/import.service.ts';
import { importRoutes } from './modules/orderimport/import.routes.ts';
import { PrintService } from './modules/printing/print.service.ts';
import { printRoutes } from './modules/printing/print.routes.ts';
import { AftersaleService } from './modules/aftersale/aftersale.service.ts';
import { aftersaleRoutes } from './modules/aftersale/aftersale.routes.ts';
import { aftersaleRepository } from './modules/aftersale/aftersale.repository.ts';
import { KpisService } from './modules/kpis/kpis.service.ts';
import { kpisRoutes } from './modules/kpis/kpis.routes.ts';
import { QualityReportService } from './modules/qualityreport/qualityreport.service.ts';
import { qualityReportRoutes } from './modules/qualityreport/qualityreport.routes.ts';
import { SatisfactionService } from './modules/satisfaction/satisfaction.service.ts';
import { satisfactionRoutes } from './modules/satisfaction/satisfaction.routes.ts';
import { complaintKpis } from './modules/complaints/complaints.kpis.ts';
import { ComplaintsService } from './modules/complaints/complaints.service.ts';
import { complaintsRoutes } from './modules/complaints/complaints.routes.ts';
import { InspectionService } from './modules/inspection/inspection.service.ts';
import { inspectionRoutes } from './modules/inspection/inspection.routes.ts';
import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { AttendanceService } from './modules/attendance/attendance.service.ts';
import { PermissionsService } from './modules/attendance/attendance.permissions.ts';
import { AttendanceBoard, rosterShiftGate } from './modules/attendance/attendance.board.ts';
import { AlertsService } from './modules/alerts/alerts.service.ts';
import { alertsRoutes } from './modules/alerts/alerts.routes.ts';
import { openWorkOn } from './modules/alerts/alerts.repository.ts';
import { NotesService } from './modules/notes/notes.service.ts';
import { RecallService } from './modules/recall/recall.service.ts';
import { ParcelsService } from './modules/recall/parcels.service.ts';
import { recallRoutes } from './modules/recall/recall.routes.ts';
import { recallRepository } from './modules/recall/recall.repository.ts';
import { DisputesService } from './modules/disputes/disputes.service.ts';
import { disputesRoutes } from './modules/disputes/disputes.routes.ts';
import { ExchangesService } from './modules/exchanges/exchanges.service.ts';
import { exchangesRoutes } from './modules/exchanges/exchanges.routes.ts';
import { RosterService } from './modules/roster/roster.service.ts';
import { SwapsService } from './modules/roster/roster.swaps.ts';
import { LeaveService } from './modules/roster/roster.leave.ts';
import { rosterRoutes } from './modules/roster/roster.routes.ts';
import { notesRoutes } from './modules/notes/notes.routes.ts';

export interface AppDeps {
  config: Config;
  db: DataSource;
  /** Commands, sessions, rate limits; also the adapter's publisher. */
  redis: Redis;
  /** The adapter's subscriber (a subscribed connection can do nothing else). */
  redisSub: Redis;
  sessionSecret: string;
  /** Signs buyer links; defaults to config.buyerLinkSecret (main.ts passes the stored one when that is unset). */
  buyerLinkSecret?: string;
  clock: () => Date;
  log: Logger;
  /** The built client to serve (client/dist); skipped when absent. */
  clientDir?: string;
}

export interface App {
  http: express.Express;
  io: Io;
  hub: RealtimeHub;
  /** The scoring queue (settlements); shares the `redis` connection, so closing that closes it. */
  scoringQueue: Queue;
  /** Every declared API route (the OpenAPI document and the authorisation matrix test read it). */
  routes: Api['documented'];
  /** Chat (the orders module records payments during a chat through it). */
  chat: ChatService;
  /** Printing (guards that may refuse a print are registered on it). */
  printing: PrintService;
  /** The alerts queue (escalations); shares the `redis` connection. */
  alertsQueue: Queue;
  /** The printers' alert channel (other modules raise alerts in their transactions). */
  alerts: AlertsService;
  /** The complaints queue (the overdue job); shares the `redis` connection. */
  complaintsQueue: Queue;
  /** The after-sale registry (other modules move cases in their transactions: markReceivedIn, recordExchangeShippedIn). */
  aftersale: AftersaleService;
}

/** Builds the HTTP app and the Socket.IO server without listening: main.ts and tests attach them. */
export function createApp(deps: AppDeps): App {
  const keys = new Keys(deps.config.redisPrefix);
  const origins = { publicOrigins: deps.config.publicOrigins, trustProxy: deps.config.trustProxy };
  const io = createIo(deps.redis, deps.redisSub, deps.config.redisPrefix, origins);
  const hub = new RealtimeHub(io);
  const sessions = new SessionStore(deps.redis, keys, deps.sessionSecret);
  const auth = new AuthService(deps.db, sessions, new LoginLimiter(deps.redis, keys), hub, deps.clock, deps.log);
  const staff = new StaffService(deps.db, sessions, hub, deps.clock, deps.config.shopTz);

  const authenticate = async (req: express.Request): Promise<Actor | null> => {
    if (req.actor) return req.actor;
    const current = await auth.userOf(req.cookies?.[SESSION_COOKIE]);
    if (!current) return null;
    req.actor = { ...current.user, ip: req.ip ?? null };
    return req.actor;
  };
  const chatBroadcast = new ChatBroadcaster(io, { pub: deps.redis, sub: deps.redisSub, prefix: deps.config.redisPrefix });
  const buyers = new BuyerSessions(deps.redis, keys, deps.sessionSecret);
  const buyerLimits = new BuyerRateLimits(deps.redis, keys, deps.config.buyerLimits);
  const linkSecret = deps.buyerLinkSecret ?? deps.config.buyerLinkSecret;
  if (!linkSecret) throw new Error('createApp needs a buyer link secret (BUYER_LINK_SECRET, or the stored one)');
  const identity = new BuyerIdentity(linkSecret, deps.sessionSecret, deps.config.buyerLinkMaxAgeSeconds);
  const buyerFacts = orderBuyerFacts(deps.db, deps.clock);
  const images = new ImageStore(deps.config.uploadDir);
  const chat = new ChatService(deps.db, chatBroadcast, buyerFacts, images, deps.clock, deps.log);
  const visitors = new VisitorService(deps.db, buyerFacts, deps.clock);
  const chatMentions = new ChatOrderMentions(deps.db, io, buyerFacts, deps.clock, deps.log);
  const presence = new PresenceService(deps.db, io, chatBroadcast, chat, deps.clock, deps.log);
  const handover = new Handover(deps.db, chat, io, deps.redis, keys, deps.clock, deps.log);
  // Issue 14: a published roster decides who is offered chats (docs/attendance.md).
  chat.shiftGate = rosterShiftGate(deps.config.shopTz);
  presence.absence = handover;
  // Buyers are never staff: this reads only the buyer cookie, `authenticate` only the staff one.
  const authenticateBuyer = async (req: express.Request): Promise<BuyerActor | null> => {
    if (req.buyer) return req.buyer;
    const session = await buyers.resolve(req.cookies?.[BUYER_COOKIE]);
    if (!session) return null;
    req.buyer = { ...session, ip: req.ip ?? null };
    return req.buyer;
  };
  const api = new Api(authenticate, authenticateBuyer);
  authRoutes(api, auth, deps.config.cookieSecure);
  staffRoutes(api, staff);
  const scoringQueue = new Queue(JOBS['scoring.settle'].queue, { connection: deps.redis, prefix: deps.config.redisPrefix });
  const ledger = new LedgerService(deps.db, io, deps.clock, deps.config.shopTz);
  scoringRoutes(api, ledger, new ScoringService(deps.db, io, scoringQueue, deps.clock, deps.config.shopTz, deps.config.payday));
  ledgerImportRoutes(api, new LedgerImport(deps.db, ledger, deps.config.shopTz));
  ledgerImageRoutes(api, new LedgerImages(deps.db, io, images, deps.clock));
  scoringHistoryRoutes(api, new ScoringHistory(deps.db, deps.clock, deps.config.shopTz));
  notificationsRoutes(api, new NotificationsService(deps.db, deps.clock));
  const orders = new OrdersService(deps.db, io, chat, deps.clock);
  ordersRoutes(api, orders);
  bankTransfersRoutes(api, new BankTransfersService(deps.db, io, orders, images, deps.clock));
  const alertsQueue = new Queue(JOBS['alerts.escalate'].queue, { connection: deps.redis, prefix: deps.config.redisPrefix });
  const alerts = new AlertsService(deps.db, io, alertsQueue, deps.clock, deps.config.alertEscalateMinutes);
  alertsRoutes(api, alerts);
  const notes = new NotesService(deps.db, io, deps.clock, deps.config.shopTz);
  notesRoutes(api, notes);
  const changes = new OrderChangesService(deps.db, io, alerts, notes, deps.clock);
  orderChangesRoutes(api, changes);
  warehouseRequestsRoutes(api, new WarehouseRequestsService(deps.db, alerts, deps.clock, deps.config.shopTz));
  // A printer's reply finishes its change (the after_print note first), then is itself part
  // of the order's story (the report back, 打单 ④), signed by the printer.
  alerts.onDone(changes.onAlertDone);
  alerts.onDone(async (tx, alert, actor, now) => {
    await notes.write(tx, { orderId: alert.orderId, fields: { kind: 'reply', reply: alert.reply ?? '' }, author: actor, at: now, changeId: alert.changeId });
  });
  // Whoever handles a change on an order may see its receiver's full phone (audited).
  orders.phoneHandlers = orderChangesRepository.handlers;
  // Refunds and disputes (退款中 / 维权中) come with the orders too (docs/disputes.md).
  const disputes = new DisputesService(deps.db, io, deps.clock);
  importRoutes(
    api,
    new OrderImportService(deps.db, deps.clock, deps.config.shopTz, {
      recordDisputes: (tx, items, now) => disputes.importMany(tx, items, now),
      afterDisputes: (ids) => disputes.announceImported(ids),
      recordPaid: (tx, buyerId, paidAt) => chat.recordOrderPaid(tx, buyerId, paidAt),
      afterCommit: async (paid, orders) => {
        for (const order of orders) io.to(ORDER_READERS.map(rooms.role)).emit('order:changed', order);
        for (const change of paid) await chat.announceChange(change as Awaited<ReturnType<ChatService['recordOrderPaid']>>);
      },
    }),
    deps.config.shopTz,
  );
  const printing = new PrintService(deps.db, io, deps.clock, deps.config.shopTz);
  printRoutes(api, printing, deps.config.shopTz);
  // R02: an order with an open or claimed alert, or a change not finished, is not printed.
  printing.registerGuard(async (tx, orders) =>
    (await openWorkOn(tx, orders.map((order) => order.id))).map((work) => ({
      orderNo: work.orderNo,
      reason: work.alertId !== null ? 'alert' : 'change',
      details: { alertId: work.alertId, changeId: work.changeId, status: work.status },
    })),
  );
  const aftersale = new AftersaleService(deps.db, io, deps.clock, deps.config.shopTz, alerts);
  aftersaleRoutes(api, aftersale, (stored) => images.absolute(stored));
  // Courier recalls (快件退回单): a recalled order is never marked delivered.
  const recall = new RecallService(deps.db, io, alerts, deps.clock, deps.config.shopTz);
  // A difficult parcel is a registry case too: the registry's readers hear of its changes.
  const parcels = new ParcelsService(deps.db, io, deps.clock, deps.config.shopTz, (records) => aftersale.afterCommit(records.map((record) => ({ record, alertIds: [] }))));
  recallRoutes(api, recall, parcels, deps.config.shopTz);
  orders.recalled = recallRepository.isRecalled;
  // The parcel back: the registry's recall case moves to received, signed with the same line.
  recall.onReceived(async (tx, slip, actor, now) => {
    if (slip.caseId === null) return;
    const record = await aftersaleRepository.find(tx, slip.caseId, { lock: true });
    if (!record || (record.status !== 'open' && record.status !== 'awaiting_return')) return;
    const moved = await aftersale.markReceivedIn(tx, slip.caseId, { note: slip.registryLine ?? undefined }, actor, now);
    return () => aftersale.afterCommit([moved]);
  });
  // A09 withdrawn when the goods come back (docs/disputes.md): the warehouse's 已验收 on a case,
  // the recall's 原包裹已收到 (a slip without a case too); a second signal finds nothing to do.
  aftersale.onReceived(async (tx, record, actor, now) => {
    const ids = await disputes.recoverOrderIn(tx, record.orderId, 'goods_returned', 'case_received', actor, now);
    if (ids.length) return () => disputes.announceIds(ids);
  });
  recall.onReceived(async (tx, slip, actor, now) => {
    const ids = await disputes.recoverOrderIn(tx, slip.orderId, 'goods_returned', 'recall_received', actor, now);
    if (ids.length) return () => disputes.announceIds(ids);
  });
  disputesRoutes(api, disputes);
  const exchanges = new ExchangesService(deps.db, io, aftersale, notes, chat, alerts, deps.clock, deps.config.shopTz);
  // One path for an exchange's number, from 打单 and from the case page.
  aftersale.exchangeShipping = exchanges;
  exchangesRoutes(api, exchanges);
  kpisRoutes(api, new KpisService(deps.db, deps.clock, deps.config.shopTz, (range) => complaintKpis(deps.db, range, deps.config.shopTz)));
  qualityReportRoutes(api, new QualityReportService(deps.db, deps.clock, deps.config.shopTz), io);
  satisfactionRoutes(api, new SatisfactionService(deps.db, io, deps.clock));
  const complaintsQueue = new Queue(JOBS['complaints.overdue'].queue, { connection: deps.redis, prefix: deps.config.redisPrefix });
  complaintsRoutes(api, new ComplaintsService(deps.db, io, deps.clock, complaintsQueue), (range) => complaintKpis(deps.db, range, deps.config.shopTz));
  inspectionRoutes(api, new InspectionService(deps.db, io, deps.clock, deps.config.shopTz, ledger));
  rosterRoutes(
    api,
    new RosterService(deps.db, io, deps.clock, deps.config.shopTz),
    new SwapsService(deps.db, io, deps.clock, deps.config.shopTz),
    new LeaveService(deps.db, io, deps.clock, deps.config.shopTz),
  );
  attendanceRoutes(api, {
    attendance: new AttendanceService(deps.db, io, deps.clock, deps.config.shopTz),
    permissions: new PermissionsService(deps.db, io, deps.clock),
    board: new AttendanceBoard(deps.db, deps.clock, deps.config.shopTz),
  });
  chatRoutes(api, {
    chat,
    presence,
    buyers,
    identity,
    visitors,
    help: new ChatHelp(deps.db, io, deps.clock),
    mentions: chatMentions,
    clock: deps.clock,
    limits: { sessions: buyerSessionLimiter(deps.redis, keys, deps.config.buyerSessionLimit), buyers: buyerLimits },
    broadcast: chatBroadcast,
    cookieSecure: deps.config.cookieSecure,
  });

  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', deps.config.trustProxy);
  http.use(requestIds());
  http.use(securityHeaders());
  http.use((req, _res, next) => {
    req.cookies = parseCookies(req.headers.cookie ?? '');
    next();
  });
  http.use(csrfGuard(origins));
  healthRoutes(http, deps.db, deps.redis, async () => Boolean(await scoringQueue.getJobScheduler(SCHEDULERS.autoSettle.id)));
  const document = openApiDocument(api.documented);
  http.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  http.use('/api', express.json({ limit: '1mb' }));
  http.use(api.router);
  http.use('/api', (req) => notFound(req));

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    // The page tells the client the shop's zone, so days and months show as the server counts them.
    const indexHtml = readFileSync(path.join(clientDir, 'index.html'), 'utf8').replace(
      /(<meta name="kefu-shop-tz" content=")[^"]*(")/,
      `$1${deps.config.shopTz}$2`,
    );
    http.use(serveClient(clientDir));
    // The buyer page has no staff session to ask about: without index.html's preload of
    // /api/auth/me it logs no 401 on every load (issue 11).
    const buyerIndexHtml = indexHtml.replace(/\s*<link rel="preload" href="\/api\/auth\/me"[^>]*>/, '');
    http.get(/^\/chat\/?$/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('html').send(buyerIndexHtml);
    });
    // The client routes itself (/, /console/…, /chat): every other GET gets index.html.
    http.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('html').send(indexHtml);
    });
  }
  http.use(errorHandler(deps.log));

  authSocket(io, auth, deps.log);
  chatSocket(io, chatBroadcast.buyers, { auth, buyers, limits: buyerLimits, chat, presence, log: deps.log, mentions: chatMentions });
  chat.startSweeping();
  handover.start();
  return { http, io, hub, scoringQueue, routes: api.documented, chat, printing, alertsQueue, complaintsQueue, alerts, aftersale };
}
