import type { Request, Response } from 'express';
import { IdParams } from '@kefu/shared/schemas/common';
import {
  type Buyer,
  AfterSeqQuery,
  BuyerMessagesPage,
  BuyerPageQuery,
  BuyerSessionResponse,
  CannedReply,
  CannedReplyList,
  CannedReplyPatch,
  ChangesPage,
  ChangesQuery,
  ChatSettings,
  ChatSettingsBody,
  ConversationDetail,
  ConversationList,
  ConversationResponse,
  ConversationsQuery,
  ImageParams,
  ImageUploaded,
  LinkVisitorBody,
  MessagesPage,
  NewBuyerSession,
  NewCannedReply,
  PresenceBody,
  PresenceList,
  PresenceResponse,
  SearchQuery,
  SearchResults,
  SignedBuyerSession,
  TransferBody,
  VersionBody,
  HelpBody,
  HelpList,
  HelpResponse,
} from '@kefu/shared/schemas/chat';
import type { Api } from '../../platform/http.ts';
import type { ChatBroadcaster } from './chat.broadcast.ts';
import { BUYER_COOKIE, BUYER_SESSION_TTL_SECONDS, type BuyerLimiter, type BuyerRateLimits, type BuyerSessions } from './chat.buyers.ts';
import { VISITOR_COOKIE, VISITOR_COOKIE_MAX_AGE_SECONDS, type BuyerIdentity } from './chat.identity.ts';
import { readRawBody } from './chat.images.ts';
import type { PresenceService } from './chat.presence.ts';
import { CHAT_STAFF_ROLES } from './chat.repository.ts';
import type { ChatService } from './chat.service.ts';
import type { VisitorService } from './chat.visitors.ts';
import type { ChatHelp } from './chat.help.ts';
import type { ChatOrderMentions } from './chat.order-mentions.ts';

const TAG = 'chat';
const staff = CHAT_STAFF_ROLES;

function sendImage(res: Response, image: { path: string; mime: string }): Promise<void> {
  res.setHeader('Content-Type', image.mime);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('Cache-Control', 'private, max-age=86400');
  return new Promise((resolve, reject) => res.sendFile(image.path, { headers: { 'Content-Type': image.mime } }, (err) => (err ? reject(err) : resolve())));
}

export function chatRoutes(
  api: Api,
  deps: {
    chat: ChatService;
    presence: PresenceService;
    buyers: BuyerSessions;
    identity: BuyerIdentity;
    visitors: VisitorService;
    help: ChatHelp;
    mentions: ChatOrderMentions;
    clock: () => Date;
    limits: { sessions: BuyerLimiter; buyers: BuyerRateLimits };
    broadcast: ChatBroadcaster;
    cookieSecure: 'auto' | 'true' | 'false';
  },
): void {
  const { chat, presence, buyers, limits, broadcast } = deps;
  const secure = (req: Request) => (deps.cookieSecure === 'auto' ? req.secure : deps.cookieSecure === 'true');

  // ---- buyers ----
  const startSession = async (req: Request, res: Response, buyer: Buyer) => {
    const { cookie } = await buyers.start(buyer);
    res.cookie(BUYER_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge: BUYER_SESSION_TTL_SECONDS * 1000 });
    return { buyer };
  };
  api.route(
    {
      method: 'post',
      path: '/api/buyer-sessions',
      summary: 'An anonymous visitor starts chatting: `buyerId` is only the name they give; they chat under their own visitor id (cookie kefu.visitor)',
      tag: TAG,
      access: 'public',
      body: NewBuyerSession,
      status: 201,
      response: BuyerSessionResponse,
    },
    async ({ body, req, res }) => {
      await limits.sessions.take(req.ip ?? 'unknown');
      // The visitor's own id from their own cookie (their history), else a fresh one: never the typed name.
      const visitorId = deps.identity.visitorOf(req.cookies?.[VISITOR_COOKIE]) ?? deps.identity.newVisitorId();
      await deps.visitors.start(visitorId, body.buyerId);
      res.cookie(VISITOR_COOKIE, deps.identity.visitorCookie(visitorId), { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge: VISITOR_COOKIE_MAX_AGE_SECONDS * 1000 });
      return startSession(req, res, { buyerId: visitorId, orderNo: body.orderNo ?? null, name: body.buyerId, verified: false });
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/buyer-sessions/signed',
      summary: 'A buyer arrives through a signed link (buyer, ts, sig = HMAC-SHA256(secret, "buyer|ts") in hex); a bad or stale signature is 401',
      tag: TAG,
      access: 'public',
      body: SignedBuyerSession,
      status: 201,
      response: BuyerSessionResponse,
    },
    async ({ body, req, res }) => {
      await limits.sessions.take(req.ip ?? 'unknown');
      deps.identity.verifyLink(body, deps.clock());
      return startSession(req, res, { buyerId: body.buyer, orderNo: body.orderNo ?? null, name: body.buyer, verified: true });
    },
  );
  api.route({ method: 'get', path: '/api/buyer-sessions/me', summary: 'The buyer behind the cookie', tag: TAG, access: 'buyer', response: BuyerSessionResponse }, async ({ buyer, req }) => {
    await buyers.resolve(req.cookies?.[BUYER_COOKIE], { slide: true });
    return { buyer: { buyerId: buyer.buyerId, orderNo: buyer.orderNo, name: buyer.name, verified: buyer.verified } };
  });
  api.route({ method: 'delete', path: '/api/buyer-sessions/me', summary: 'The buyer leaves: the cookie stops working and their sockets close', tag: TAG, access: 'buyer', status: 204 }, async ({ buyer, res }) => {
    await buyers.end(buyer.token);
    broadcast.endBuyerSession(buyer.token);
    res.clearCookie(BUYER_COOKIE, { path: '/' });
    return undefined;
  });
  api.route(
    { method: 'get', path: '/api/buyer/conversation', summary: 'The buyer’s conversation and its messages after a seq (catch-up) or before one (older history)', tag: TAG, access: 'buyer', query: BuyerPageQuery, response: BuyerMessagesPage },
    ({ buyer, query }) => chat.buyerPage(buyer, query, query.limit),
  );
  api.route(
    { method: 'post', path: '/api/buyer/images', summary: 'Upload an image (raw JPEG/PNG/WebP body, ≤ 5 MB; type checked from the bytes)', tag: TAG, access: 'buyer', status: 201, response: ImageUploaded },
    async ({ buyer, req }) => {
      await limits.buyers.take('uploads', buyer.buyerId);
      return chat.uploadAsBuyer(buyer, await readRawBody(req));
    },
  );
  api.route({ method: 'get', path: '/api/buyer/images/:imageId', summary: 'An image of the buyer’s own conversation', tag: TAG, access: 'buyer', params: ImageParams }, async ({ buyer, params, res }) => {
    await sendImage(res, await chat.imageForBuyer(buyer, params.imageId));
  });

  // ---- staff ----
  api.route(
    { method: 'get', path: '/api/chat/conversations', summary: 'My open chats, my role’s queue, or (supervisor) every live chat', tag: TAG, access: staff, query: ConversationsQuery, response: ConversationList },
    ({ actor, query }) => chat.list(actor, query.scope),
  );
  api.route(
    { method: 'get', path: '/api/chat/conversations/:id', summary: 'A conversation with its transfers (notes included: staff only)', tag: TAG, access: staff, params: IdParams, response: ConversationDetail },
    async ({ actor, params }) => ({ ...(await chat.detail(actor, params.id)), unknownOrders: await deps.mentions.of(params.id) }),
  );
  api.route(
    { method: 'get', path: '/api/chat/conversations/:id/messages', summary: 'Messages after a seq (history and catch-up)', tag: TAG, access: staff, params: IdParams, query: AfterSeqQuery, response: MessagesPage },
    ({ actor, params, query }) => chat.messagesOf(actor, params.id, query.afterSeq, query.limit),
  );
  api.route(
    { method: 'post', path: '/api/chat/conversations/:id/take', summary: 'Take a queued chat of my role (409 when someone was first)', tag: TAG, access: ['presale', 'aftersale'], params: IdParams, body: VersionBody, response: ConversationResponse },
    async ({ actor, params, body }) => ({ conversation: await chat.take(actor, params.id, body.version) }),
  );
  api.route(
    { method: 'post', path: '/api/chat/conversations/:id/transfer', summary: 'Hand a chat to an agent or a role, with a note the buyer never sees', tag: TAG, access: staff, params: IdParams, body: TransferBody, response: ConversationResponse },
    async ({ actor, params, body }) => ({ conversation: await chat.transfer(actor, params.id, body) }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/chat/conversations/:id/link-visitor',
      summary: 'Link the chat’s anonymous visitor to a marketplace ID after checking an order of that buyer (the chat’s agent or the supervisor; audited)',
      tag: TAG,
      access: staff,
      params: IdParams,
      body: LinkVisitorBody,
      response: ConversationResponse,
    },
    async ({ actor, params, body }) => ({ conversation: await deps.visitors.link(actor, params.id, body) }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/chat/conversations/:id/help',
      summary: 'Ask the supervisor for help in my chat without handing it over (live to supervisors; audited)',
      tag: TAG,
      access: ['presale', 'aftersale'],
      params: IdParams,
      body: HelpBody,
      status: 201,
      response: HelpResponse,
    },
    async ({ actor, params, body }) => ({ request: await deps.help.ask(actor, params.id, body.note) }),
  );
  api.route(
    { method: 'get', path: '/api/chat/help', summary: 'Help requests nobody joined yet, of open chats', tag: TAG, access: ['supervisor'], response: HelpList },
    async () => ({ requests: await deps.help.open() }),
  );
  api.route(
    { method: 'post', path: '/api/chat/help/:id/join', summary: 'Join a chat on its agent’s request (then write in it too; the first supervisor wins; audited)', tag: TAG, access: ['supervisor'], params: IdParams, response: HelpResponse },
    async ({ actor, params }) => ({ request: await deps.help.join(actor, params.id) }),
  );
  api.route(
    { method: 'post', path: '/api/chat/conversations/:id/close', summary: 'Close the chat window (the buyer reopens it by writing)', tag: TAG, access: staff, params: IdParams, body: VersionBody, response: ConversationResponse },
    async ({ actor, params, body }) => ({ conversation: await chat.close(actor, params.id, body.version) }),
  );
  api.route(
    { method: 'post', path: '/api/chat/conversations/:id/images', summary: 'Upload an image to send in my chat (raw body, ≤ 5 MB)', tag: TAG, access: staff, params: IdParams, status: 201, response: ImageUploaded },
    async ({ actor, params, req }) => chat.uploadAsStaff(actor, params.id, await readRawBody(req)),
  );
  api.route({ method: 'get', path: '/api/chat/images/:imageId', summary: 'An image of a conversation I can read', tag: TAG, access: staff, params: ImageParams }, async ({ actor, params, res }) => {
    await sendImage(res, await chat.imageForStaff(actor, params.imageId));
  });
  api.route(
    { method: 'get', path: '/api/chat/changes', summary: 'Catch-up: conversation changes after a feed seq, and what I can see now', tag: TAG, access: staff, query: ChangesQuery, response: ChangesPage },
    ({ actor, query }) => chat.changes(actor, query.after, query.limit),
  );
  api.route(
    { method: 'get', path: '/api/chat/search', summary: 'Search history by buyer, agent, text, dates (agents: the chats they served)', tag: TAG, access: staff, query: SearchQuery, response: SearchResults },
    ({ actor, query }) => chat.search(actor, query),
  );
  api.route({ method: 'get', path: '/api/chat/presence', summary: 'Every agent’s presence and open chats', tag: TAG, access: staff, response: PresenceList }, async ({ actor }) => ({
    agents: await presence.list(actor),
  }));
  api.route(
    { method: 'put', path: '/api/chat/presence', summary: 'Set my presence (online / away / offline / invisible); logged', tag: TAG, access: ['presale', 'aftersale'], body: PresenceBody, response: PresenceResponse },
    async ({ actor, body }) => ({ presence: await presence.set(actor, body.status) }),
  );
  api.route({ method: 'get', path: '/api/chat/canned-replies', summary: 'Canned replies by pre-sale step', tag: TAG, access: staff, response: CannedReplyList }, async () => ({
    replies: await chat.cannedReplies(),
  }));
  api.route(
    { method: 'post', path: '/api/chat/canned-replies', summary: 'Add a canned reply', tag: TAG, access: ['supervisor'], body: NewCannedReply, status: 201, response: CannedReply },
    ({ actor, body }) => chat.createCanned(actor, body),
  );
  api.route(
    { method: 'patch', path: '/api/chat/canned-replies/:id', summary: 'Edit a canned reply (version-guarded)', tag: TAG, access: ['supervisor'], params: IdParams, body: CannedReplyPatch, response: CannedReply },
    ({ actor, params, body }) => chat.updateCanned(actor, params.id, body),
  );
  api.route({ method: 'delete', path: '/api/chat/canned-replies/:id', summary: 'Remove a canned reply', tag: TAG, access: ['supervisor'], params: IdParams, status: 204 }, async ({ actor, params }) => {
    await chat.deleteCanned(actor, params.id);
    return undefined;
  });
  api.route({ method: 'get', path: '/api/chat/settings', summary: 'Chat settings: per-agent capacity, G09 limit', tag: TAG, access: staff, response: ChatSettings }, () => chat.settings());
  api.route(
    { method: 'put', path: '/api/chat/settings', summary: 'Change the per-agent capacity (a raise drains the queue) and/or the G09 limit', tag: TAG, access: ['supervisor'], body: ChatSettingsBody, response: ChatSettings },
    ({ actor, body }) => chat.updateSettings(actor, body),
  );
}

