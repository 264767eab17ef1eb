/**
 * A local fake of WeChat Pay API v3 (api.mch.weixin.qq.com) that speaks its real protocol over real HTTP:
 *  - it checks every request's `Authorization: WECHATPAY2-SHA256-RSA2048 …` against the merchant public key
 *    and answers 401 SIGN_ERROR when it does not verify;
 *  - it signs every answer with the platform private key (Wechatpay-Timestamp/-Nonce/-Signature/-Serial);
 *  - it keeps transactions and refunds in memory (JSAPI prepay, query, close, refund, refund query);
 *  - it builds notifications the way WeChat does (signed, resource encrypted with AES-256-GCM under the
 *    APIv3 key) and can POST them to a notify_url.
 * Its crypto is written here again, on purpose, rather than imported from server/infra/wechat/pay: a mistake
 * in the provider's message format must not be mirrored by the fake and pass unnoticed.
 *
 * Error statuses and codes follow WeChat's published error lists as far as we know them (SIGN_ERROR 401,
 * PARAM_ERROR 400, ORDER_NOT_EXIST 404, SYSTEM_ERROR 500…); the provider relies only on 4xx/5xx and the code.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  X509Certificate,
  createCipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  randomInt,
  type KeyObject,
} from 'node:crypto';
import type { WechatPayProviderOptions } from '../../server/infra/wechat/pay';

// ---------------------------------------------------------------------------------------------------------
// Test keys
// ---------------------------------------------------------------------------------------------------------

export type PlatformKeyMode = 'certificate' | 'public_key';

export interface WechatPayTestKeys {
  mode: PlatformKeyMode;
  mchId: string;
  appId: string;
  /** 32 random characters, as the merchant sets it in the merchant platform. */
  apiV3Key: string;
  merchant: { privateKeyPem: string; publicKeyPem: string; serialNo: string };
  platform: {
    privateKeyPem: string;
    publicKeyPem: string;
    /** The self-signed platform certificate (certificate mode); null in public-key mode. */
    certPem: string | null;
    /** The certificate's serial (hex, upper case) or the public key id (PUB_KEY_ID_…). */
    serialNo: string;
  };
  /** What goes into wechatPay.platformCertPem: the certificate, or the public key in public-key mode. */
  platformPemForConfig: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlnum = (n: number) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
const randomDigits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
/** 40 hex digits like WeChat's serials; the first digit 1–7 so DER needs no sign byte and the serial reads back unchanged. */
const randomSerial = () => `${randomInt(1, 8)}${randomBytes(20).toString('hex').toUpperCase().slice(1)}`;

export function generateRsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A self-signed X.509 certificate for `privateKeyPem`, made by the openssl command line. */
export function makeSelfSignedCertificate(privateKeyPem: string, serialHex: string, subject = '/C=CN/O=Tenpay.com/OU=Tenpay.com CA Center/CN=Tenpay.com Root CA'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-wxpay-'));
  try {
    const keyFile = path.join(dir, 'platform.key');
    const certFile = path.join(dir, 'platform.crt');
    fs.writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    execFileSync('openssl', [
      'req', '-x509', '-new', '-key', keyFile, '-sha256', '-days', '1825',
      '-subj', subject, '-set_serial', `0x${serialHex}`, '-out', certFile,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return fs.readFileSync(certFile, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fresh keys for one test file: the merchant's RSA pair (and a serial), the platform's RSA pair, and either
 * a platform certificate (openssl) or the public-key mode's PUB_KEY_ID_ serial; plus a random APIv3 key.
 */
export function makeWechatPayTestKeys(opts: { mode?: PlatformKeyMode; mchId?: string; appId?: string } = {}): WechatPayTestKeys {
  const mode = opts.mode ?? 'certificate';
  const mchId = opts.mchId ?? `19${randomDigits(8)}`;
  const merchant = { ...generateRsaKeyPair(), serialNo: randomSerial() };
  const platformPair = generateRsaKeyPair();
  let platform: WechatPayTestKeys['platform'];
  if (mode === 'certificate') {
    const certPem = makeSelfSignedCertificate(platformPair.privateKeyPem, randomSerial());
    platform = { ...platformPair, certPem, serialNo: new X509Certificate(certPem).serialNumber.toUpperCase() };
  } else {
    platform = { ...platformPair, certPem: null, serialNo: `PUB_KEY_ID_01${mchId}${randomDigits(16)}` };
  }
  return {
    mode,
    mchId,
    appId: opts.appId ?? `wx${randomBytes(8).toString('hex')}`,
    apiV3Key: randomAlnum(32),
    merchant,
    platform,
    platformPemForConfig: platform.certPem ?? platform.publicKeyPem,
  };
}

/** The `wechatPay` configuration section for these keys, pointing at a fake. */
export function wechatPayTestConfig(keys: WechatPayTestKeys, apiBase: string, notifyUrl = 'https://linli.example/api/webhooks/wechat-pay') {
  return {
    mchId: keys.mchId,
    merchantSerialNo: keys.merchant.serialNo,
    merchantPrivateKeyPem: keys.merchant.privateKeyPem,
    apiV3Key: keys.apiV3Key,
    platformCertPem: keys.platformPemForConfig,
    platformSerialNo: keys.platform.serialNo,
    apiBase,
    notifyUrl,
  };
}

/** Everything createWechatPayProvider needs for these keys. */
export function wechatPayProviderOptions(
  keys: WechatPayTestKeys,
  apiBase: string,
  extra: Partial<WechatPayProviderOptions> = {},
): WechatPayProviderOptions {
  return { ...wechatPayTestConfig(keys, apiBase), appId: keys.appId, notifyMaxAgeSeconds: 300, ...extra };
}

// ---------------------------------------------------------------------------------------------------------
// WeChat Pay's crypto, from the fake's side
// ---------------------------------------------------------------------------------------------------------

const lines = (...parts: string[]) => parts.map((p) => `${p}\n`).join('');
const sign = (message: string, key: KeyObject) => createSign('RSA-SHA256').update(message).sign(key, 'base64');
const nonce32 = () => randomBytes(16).toString('hex');
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

/** WeChat's time format: RFC 3339 in Beijing time. */
export function beijingTime(d: Date): string {
  return `${new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** AEAD_AES_256_GCM as WeChat encrypts a notification resource: base64(ciphertext ‖ 16-byte tag). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string, nonce = randomAlnum(12)) {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce };
}

/** The four headers WeChat puts on an answer or a notification, signed over `timestamp\nnonce\nbody\n`. */
export function platformSignatureHeaders(body: string, o: { privateKeyPem: string; serialNo: string; at: Date }): Record<string, string> {
  const timestamp = seconds(o.at);
  const nonce = nonce32();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': sign(lines(timestamp, nonce, body), createPrivateKey(o.privateKeyPem)),
    'Wechatpay-Serial': o.serialNo,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

export interface ParsedAuthorization { mchid: string; nonce_str: string; signature: string; timestamp: string; serial_no: string }

/** Reads `WECHATPAY2-SHA256-RSA2048 k="v",k="v"`; null when it is not that shape. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header ?? '');
  if (!m) return null;
  const fields = new Map<string, string>();
  for (const part of m[1].matchAll(/(\w+)="([^"]*)"/g)) fields.set(part[1], part[2]);
  const get = (k: keyof ParsedAuthorization) => fields.get(k);
  const [mchid, nonce_str, signature, timestamp, serial_no] = (['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const).map(get);
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

// ---------------------------------------------------------------------------------------------------------
// The fake server
// ---------------------------------------------------------------------------------------------------------

export type FakeTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type FakeRefundStatus = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

export interface FakeTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  timeExpire: string;
  totalFen: number;
  openid: string;
  prepayId: string;
  tradeState: FakeTradeState;
  transactionId: string | null;
  payerTotalFen: number | null;
  successTime: string | null;
}

export interface FakeRefund {
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string | null;
  refundId: string;
  refundFen: number;
  totalFen: number;
  reason: string;
  notifyUrl: string | null;
  status: FakeRefundStatus;
  createTime: string;
  successTime: string | null;
  /** Queries left before a PROCESSING refund reaches `outcome`. */
  queriesLeft: number;
  outcome: Exclude<FakeRefundStatus, 'PROCESSING'>;
}

export interface RecordedPayCall {
  method: string;
  /** Path and query as received (what the merchant signed). */
  url: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  status: number;
  authorization: ParsedAuthorization | null;
}

export interface InjectedFailure { status: number; code: string; message: string; path?: string | RegExp }

/** A notification as WeChat sends it. `rawBody` repeats `body` so it can be handed to parse…Notification as is. */
export interface SignedNotification { headers: Record<string, string>; body: string; rawBody: string }

export interface NotificationOptions {
  /** Wechatpay-Timestamp (and create_time); defaults to the fake's clock. */
  at?: Date;
  /** Sign with another key (a forged notification). */
  privateKeyPem?: string;
  /** Claim another serial in Wechatpay-Serial. */
  serialNo?: string;
  /** Encrypt with another APIv3 key. */
  apiV3Key?: string;
  eventType?: string;
}

interface Answer { status: number; json?: unknown }

const err = (status: number, code: string, message: string, detail?: unknown): Answer => ({ status, json: { code, message, ...(detail ? { detail } : {}) } });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;

export class FakeWechatPay {
  readonly transactions = new Map<string, FakeTransaction>();
  readonly refunds = new Map<string, FakeRefund>();
  /** Merchant transfers (商家转账) by out_bill_no: the payouts of commission statements. */
  readonly transfers = new Map<string, FakeTransfer>();
  private nextTransferPlan: { state: 'WAIT_USER_CONFIRM' | 'SUCCESS' | 'FAIL'; failReason?: string } | null = null;
  readonly calls: RecordedPayCall[] = [];
  url = '';
  /** How far a request's Authorization timestamp may be from the fake's clock (WeChat: 5 minutes). */
  maxSkewSeconds = 300;

  private server?: http.Server;
  private readonly failures: InjectedFailure[] = [];
  private tamperNext: ((body: string) => string) | null = null;
  private nextRefundPlan: { processingQueries: number; outcome: Exclude<FakeRefundStatus, 'PROCESSING'> } | null = null;
  private readonly merchantKey: KeyObject;
  private readonly platformKey: KeyObject;
  private seq = 0;

  constructor(readonly keys: WechatPayTestKeys, private readonly opts: { now?: () => Date } = {}) {
    this.merchantKey = createPublicKey(keys.merchant.publicKeyPem);
    this.platformKey = createPrivateKey(keys.platform.privateKeyPem);
  }

  now(): Date { return this.opts.now ? this.opts.now() : new Date(); }

  // --- failure injection -----------------------------------------------------------------------------------

  /** The next matching call (any, by default) answers this error instead; defaults to 500 SYSTEM_ERROR. */
  failNext(f: Partial<InjectedFailure> = {}): this {
    this.failures.push({ status: f.status ?? 500, code: f.code ?? 'SYSTEM_ERROR', message: f.message ?? '系统错误', path: f.path });
    return this;
  }

  /** The next answer is signed, then altered (by default one added space, still valid JSON): a forgery. */
  tamperNextResponse(alter: (body: string) => string = (b) => (b.startsWith('{') ? `{ ${b.slice(1)}` : `${b} `)): this {
    this.tamperNext = alter;
    return this;
  }

  /**
   * The next refund answers PROCESSING when created and stays so for `processingQueries - 1` queries; the
   * `processingQueries`-th query finds it finished with `outcome`. With 0 it finishes at once with `outcome`.
   */
  planNextRefund(plan: { processingQueries: number; outcome?: Exclude<FakeRefundStatus, 'PROCESSING'> }): this {
    this.nextRefundPlan = { processingQueries: plan.processingQueries, outcome: plan.outcome ?? 'SUCCESS' };
    return this;
  }

  // --- what the payer does -----------------------------------------------------------------------------------

  /** The payer pays: the transaction becomes SUCCESS (payerTotalFen defaults to the order total). */
  pay(outTradeNo: string, o: { payerTotalFen?: number; at?: Date } = {}): FakeTransaction {
    const t = this.mustGet(outTradeNo);
    if (t.tradeState !== 'NOTPAY' && t.tradeState !== 'USERPAYING') throw new Error(`fake: cannot pay a ${t.tradeState} transaction`);
    t.tradeState = 'SUCCESS';
    t.transactionId = `42000${randomDigits(23)}`;
    t.payerTotalFen = o.payerTotalFen ?? t.totalFen;
    t.successTime = beijingTime(o.at ?? this.now());
    return t;
  }

  /** The payment fails (bank refused…) or is revoked. */
  failPayment(outTradeNo: string, state: 'PAYERROR' | 'REVOKED' | 'CLOSED' = 'PAYERROR'): FakeTransaction {
    const t = this.mustGet(outTradeNo);
    t.tradeState = state;
    return t;
  }

  // --- notifications -----------------------------------------------------------------------------------------

  /** The transaction as WeChat puts it in a notification or a query answer. */
  transactionJson(t: FakeTransaction): Record<string, unknown> {
    const paid = t.tradeState === 'SUCCESS' || t.tradeState === 'REFUND';
    return {
      appid: t.appid,
      mchid: t.mchid,
      out_trade_no: t.outTradeNo,
      ...(t.transactionId ? { transaction_id: t.transactionId } : {}),
      trade_type: 'JSAPI',
      trade_state: t.tradeState,
      trade_state_desc: { SUCCESS: '支付成功', REFUND: '转入退款', NOTPAY: '未支付', CLOSED: '已关闭', REVOKED: '已撤销', USERPAYING: '用户支付中', PAYERROR: '支付失败' }[t.tradeState],
      bank_type: paid ? 'OTHERS' : '',
      attach: '',
      ...(paid && t.successTime ? { success_time: t.successTime } : {}),
      payer: { openid: t.openid },
      amount: paid
        ? { total: t.totalFen, payer_total: t.payerTotalFen ?? t.totalFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: t.totalFen, currency: 'CNY' },
    };
  }

  /**
   * A signed, encrypted payment notification for the transaction in its current state. WeChat only ever
   * sends TRANSACTION.SUCCESS; for a failed state the fake sends TRANSACTION.<STATE> so failure handling
   * can be exercised.
   */
  paymentNotification(outTradeNo: string, o: NotificationOptions = {}): SignedNotification {
    const t = this.mustGet(outTradeNo);
    return this.notification({
      eventType: o.eventType ?? `TRANSACTION.${t.tradeState}`,
      summary: t.tradeState === 'SUCCESS' ? '支付成功' : '支付失败',
      originalType: 'transaction',
      plaintext: JSON.stringify(this.transactionJson(t)),
      o,
    });
  }

  /** A signed, encrypted refund notification (REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED). */
  refundNotification(outRefundNo: string, o: NotificationOptions = {}): SignedNotification {
    const r = this.refunds.get(outRefundNo);
    if (!r) throw new Error(`fake: no refund ${outRefundNo}`);
    return this.notification({
      eventType: o.eventType ?? `REFUND.${r.status}`,
      summary: r.status === 'SUCCESS' ? '退款成功' : '退款异常',
      originalType: 'refund',
      plaintext: JSON.stringify({
        mchid: this.keys.mchId,
        transaction_id: r.transactionId,
        out_trade_no: r.outTradeNo,
        refund_id: r.refundId,
        out_refund_no: r.outRefundNo,
        refund_status: r.status,
        ...(r.successTime ? { success_time: r.successTime } : {}),
        user_received_account: '支付用户零钱',
        amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen },
      }),
      o,
    });
  }

  /** POSTs a notification as WeChat does; 200 or 204 means our server accepted it. */
  async postNotification(url: string, n: SignedNotification): Promise<{ status: number; body: string; accepted: boolean }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...n.headers, 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0' },
      body: n.body,
    });
    return { status: res.status, body: await res.text(), accepted: res.status === 200 || res.status === 204 };
  }

  /** Builds the transaction's notification and posts it to the notify_url it was created with. */
  async deliverPaymentNotification(outTradeNo: string, o: NotificationOptions = {}) {
    return this.postNotification(this.mustGet(outTradeNo).notifyUrl, this.paymentNotification(outTradeNo, o));
  }

  // --- merchant transfers (商家转账, the version where the payee confirms) -------------------------------------

  /** The next transfer is created in this state instead of WAIT_USER_CONFIRM (FAIL: e.g. the balance ran out). */
  planNextTransfer(plan: { state: 'WAIT_USER_CONFIRM' | 'SUCCESS' | 'FAIL'; failReason?: string }): this {
    this.nextTransferPlan = plan;
    return this;
  }

  /** The payee confirms receipt in WeChat: the transfer succeeds. */
  confirmTransfer(outBillNo: string): FakeTransfer {
    const t = this.transfers.get(outBillNo);
    if (!t || t.state !== 'WAIT_USER_CONFIRM') throw new Error(`fake: transfer ${outBillNo} is not waiting for the payee`);
    t.state = 'SUCCESS';
    t.updateTime = beijingTime(this.now());
    return t;
  }

  /** The payee never confirmed and WeChat closed the bill (or the merchant cancelled it). */
  expireTransfer(outBillNo: string): FakeTransfer {
    const t = this.transfers.get(outBillNo);
    if (!t) throw new Error(`fake: no transfer ${outBillNo}`);
    t.state = 'CANCELLED';
    t.updateTime = beijingTime(this.now());
    return t;
  }

  private routeTransfer(method: string, p: string, body: unknown): Answer | null {
    const base = '/v3/fund-app/mch-transfer/transfer-bills';
    let m: RegExpExecArray | null;
    if (method === 'POST' && p === base) return this.createTransfer(body);
    if (method === 'GET' && (m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/.exec(p))) {
      const t = this.transfers.get(decodeURIComponent(m[1]));
      return t ? { status: 200, json: this.transferJson(t, 'query') } : err(404, 'NOT_FOUND', '记录不存在');
    }
    if (method === 'POST' && (m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)\/cancel$/.exec(p))) {
      const t = this.transfers.get(decodeURIComponent(m[1]));
      if (!t) return err(404, 'NOT_FOUND', '记录不存在');
      if (t.state === 'SUCCESS' || t.state === 'FAIL') return err(400, 'INVALID_REQUEST', '转账已完成，不能撤销');
      t.state = 'CANCELLED';
      t.updateTime = beijingTime(this.now());
      return { status: 200, json: { out_bill_no: t.outBillNo, transfer_bill_no: t.transferBillNo, state: 'CANCELING', update_time: t.updateTime } };
    }
    return null;
  }

  private createTransfer(b: unknown): Answer {
    if (!isObj(b)) return err(400, 'PARAM_ERROR', '请求体不是 JSON 对象');
    const missing = (['appid', 'out_bill_no', 'transfer_scene_id', 'openid', 'transfer_remark'] as const).filter((k) => typeof b[k] !== 'string' || !b[k]);
    if (missing.length) return err(400, 'PARAM_ERROR', `缺少参数 ${missing.join(',')}`);
    const s = b as Record<string, string>;
    if (s.appid !== this.keys.appId) return err(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (!/^[A-Za-z0-9]{1,32}$/.test(s.out_bill_no)) return err(400, 'PARAM_ERROR', 'out_bill_no 只能由数字、大小写字母组成，最长 32 位');
    if (!isFen(b.transfer_amount)) return err(400, 'PARAM_ERROR', 'transfer_amount 必须是正整数(分)');
    if ([...s.transfer_remark].length > 32) return err(400, 'PARAM_ERROR', 'transfer_remark 超过 32 个字符');
    if (b.transfer_amount >= 200_000 && typeof b.user_name !== 'string') return err(400, 'PARAM_ERROR', '转账金额 >= 2000 元时必须填写 user_name');
    if (!Array.isArray(b.transfer_scene_report_infos) || !b.transfer_scene_report_infos.every((r) => isObj(r) && typeof r.info_type === 'string' && typeof r.info_content === 'string')) {
      return err(400, 'PARAM_ERROR', 'transfer_scene_report_infos 缺少或格式错误');
    }
    const existing = this.transfers.get(s.out_bill_no);
    if (existing) {
      // The same bill again (a retry) answers the same bill; other contents under one number are refused.
      if (existing.amountFen !== b.transfer_amount || existing.openid !== s.openid) return err(400, 'INVALID_REQUEST', '商户单号重复');
      return { status: 200, json: this.transferJson(existing, 'create') };
    }
    const plan = this.nextTransferPlan ?? { state: 'WAIT_USER_CONFIRM' as const };
    this.nextTransferPlan = null;
    const now = beijingTime(this.now());
    const t: FakeTransfer = {
      outBillNo: s.out_bill_no, transferBillNo: `1330000${randomDigits(25)}`, openid: s.openid, amountFen: b.transfer_amount, remark: s.transfer_remark,
      sceneId: s.transfer_scene_id, reportInfos: b.transfer_scene_report_infos as FakeTransfer['reportInfos'], state: plan.state,
      failReason: plan.state === 'FAIL' ? plan.failReason ?? 'NOT_ENOUGH' : null,
      packageInfo: `affffddafdfafddffda==${randomAlnum(16)}`, createTime: now, updateTime: now,
    };
    this.transfers.set(t.outBillNo, t);
    return { status: 200, json: this.transferJson(t, 'create') };
  }

  private transferJson(t: FakeTransfer, as: 'create' | 'query'): Record<string, unknown> {
    const common = { out_bill_no: t.outBillNo, transfer_bill_no: t.transferBillNo, state: t.state, ...(t.failReason ? { fail_reason: t.failReason } : {}) };
    if (as === 'create') return { ...common, create_time: t.createTime, ...(t.state === 'WAIT_USER_CONFIRM' ? { package_info: t.packageInfo } : {}) };
    return {
      ...common, mch_id: this.keys.mchId, appid: this.keys.appId, transfer_amount: t.amountFen, transfer_remark: t.remark, openid: t.openid,
      create_time: t.createTime, update_time: t.updateTime,
    };
  }

  // --- lifecycle -------------------------------------------------------------------------------------------

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const answer = this.handle(req, rawBody);
        this.send(res, answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  callsTo(pathPrefix: string): RecordedPayCall[] { return this.calls.filter((c) => c.path.startsWith(pathPrefix)); }

  // --- internals -------------------------------------------------------------------------------------------

  private mustGet(outTradeNo: string): FakeTransaction {
    const t = this.transactions.get(outTradeNo);
    if (!t) throw new Error(`fake: no transaction ${outTradeNo}`);
    return t;
  }

  private notification(n: { eventType: string; summary: string; originalType: 'transaction' | 'refund'; plaintext: string; o: NotificationOptions }): SignedNotification {
    const at = n.o.at ?? this.now();
    const body = JSON.stringify({
      id: `EV-${randomDigits(20)}`,
      create_time: beijingTime(at),
      resource_type: 'encrypt-resource',
      event_type: n.eventType,
      summary: n.summary,
      resource: { original_type: n.originalType, ...encryptResource(n.plaintext, n.o.apiV3Key ?? this.keys.apiV3Key, n.originalType) },
    });
    const headers = platformSignatureHeaders(body, {
      privateKeyPem: n.o.privateKeyPem ?? this.keys.platform.privateKeyPem,
      serialNo: n.o.serialNo ?? this.keys.platform.serialNo,
      at,
    });
    return { headers, body, rawBody: body };
  }

  private send(res: http.ServerResponse, answer: Answer): void {
    const signedBody = answer.json === undefined ? '' : JSON.stringify(answer.json);
    const timestamp = seconds(this.now());
    const nonce = nonce32();
    const signature = sign(lines(timestamp, nonce, signedBody), this.platformKey);
    let body = signedBody;
    if (this.tamperNext) {
      body = this.tamperNext(signedBody);
      this.tamperNext = null;
    }
    res.writeHead(answer.status, {
      ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Request-ID': `08${randomBytes(12).toString('hex').toUpperCase()}`,
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': this.keys.platform.serialNo,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    });
    res.end(body);
  }

  private handle(req: http.IncomingMessage, rawBody: string): Answer {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const u = new URL(url, 'http://fake');
    let body: unknown = null;
    if (rawBody) {
      try { body = JSON.parse(rawBody); } catch { body = rawBody; }
    }
    const authorization = parseAuthorization(req.headers.authorization);
    const call: RecordedPayCall = { method, url, path: u.pathname, headers: req.headers, rawBody, body, status: 0, authorization };
    this.calls.push(call);
    const answer = this.route(method, url, u, rawBody, body, authorization);
    call.status = answer.status;
    return answer;
  }

  private checkSignature(method: string, url: string, rawBody: string, a: ParsedAuthorization | null): Answer | null {
    if (!a) return err(401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
    if (a.mchid !== this.keys.mchId) return err(401, 'SIGN_ERROR', '商户号与签名不匹配');
    if (a.serial_no.toUpperCase() !== this.keys.merchant.serialNo.toUpperCase()) return err(401, 'SIGN_ERROR', '商户证书序列号有误');
    if (!/^\d+$/.test(a.timestamp) || Math.abs(Number(seconds(this.now())) - Number(a.timestamp)) > this.maxSkewSeconds) {
      return err(401, 'SIGN_ERROR', '请求时间戳已过期');
    }
    const message = lines(method, url, a.timestamp, a.nonce_str, rawBody);
    let ok = false;
    try {
      ok = createVerify('RSA-SHA256').update(message).verify(this.merchantKey, a.signature, 'base64');
    } catch { ok = false; }
    return ok ? null : err(401, 'SIGN_ERROR', '签名错误');
  }

  private route(method: string, url: string, u: URL, rawBody: string, body: unknown, a: ParsedAuthorization | null): Answer {
    const refused = this.checkSignature(method, url, rawBody, a);
    if (refused) return refused;
    const failureIndex = this.failures.findIndex((f) => !f.path || (typeof f.path === 'string' ? u.pathname.startsWith(f.path) : f.path.test(u.pathname)));
    if (failureIndex >= 0) {
      const [f] = this.failures.splice(failureIndex, 1);
      return err(f.status, f.code, f.message);
    }
    const p = u.pathname;
    let m: RegExpExecArray | null;
    if (method === 'POST' && p === '/v3/pay/transactions/jsapi') return this.jsapiPrepay(body);
    if (method === 'GET' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(p))) return this.queryTransaction(decodeURIComponent(m[1]), u.searchParams.get('mchid'));
    if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(p))) return this.close(decodeURIComponent(m[1]), body);
    if (method === 'POST' && p === '/v3/refund/domestic/refunds') return this.createRefund(body);
    if (method === 'GET' && (m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p))) return this.queryRefund(decodeURIComponent(m[1]));
    const transfer = this.routeTransfer(method, p, body);
    if (transfer) return transfer;
    return err(404, 'NOT_FOUND', `fake WeChat Pay has no ${method} ${p}`);
  }

  private jsapiPrepay(b: unknown): Answer {
    if (!isObj(b)) return err(400, 'PARAM_ERROR', '请求体不是 JSON 对象');
    const amount = isObj(b.amount) ? b.amount : {};
    const payer = isObj(b.payer) ? b.payer : {};
    const missing = (['appid', 'mchid', 'description', 'out_trade_no', 'notify_url'] as const).filter((k) => typeof b[k] !== 'string' || !b[k]);
    if (missing.length) return err(400, 'PARAM_ERROR', `缺少参数 ${missing.join(',')}`, { location: 'body', value: missing });
    const s = b as Record<string, string>;
    if (s.mchid !== this.keys.mchId) return err(400, 'MCH_NOT_EXISTS', '商户号不存在');
    if (s.appid !== this.keys.appId) return err(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (!/^[A-Za-z0-9_\-|*]{6,32}$/.test(s.out_trade_no)) return err(400, 'PARAM_ERROR', 'out_trade_no 格式错误');
    if (Buffer.byteLength(s.description, 'utf8') > 127) return err(400, 'PARAM_ERROR', 'description 超过 127 字节');
    if (!/^https?:\/\/[^\s]+$/.test(s.notify_url)) return err(400, 'PARAM_ERROR', 'notify_url 格式错误');
    if (b.time_expire !== undefined && (typeof b.time_expire !== 'string' || !RFC3339.test(b.time_expire))) return err(400, 'PARAM_ERROR', 'time_expire 不是 RFC 3339 时间');
    if (!isFen(amount.total)) return err(400, 'PARAM_ERROR', 'amount.total 必须是正整数(分)');
    if (amount.currency !== undefined && amount.currency !== 'CNY') return err(400, 'PARAM_ERROR', '只支持 CNY');
    if (typeof payer.openid !== 'string' || !payer.openid) return err(400, 'PARAM_ERROR', '缺少 payer.openid');

    const existing = this.transactions.get(s.out_trade_no);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return err(403, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') return err(400, 'ORDER_CLOSED', '订单已关闭');
      // The same order again (a retry) gets its prepay_id back; different contents under one number are refused.
      if (existing.totalFen !== amount.total || existing.description !== s.description || existing.openid !== payer.openid) {
        return err(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
      }
      return { status: 200, json: { prepay_id: existing.prepayId } };
    }
    const t: FakeTransaction = {
      appid: s.appid, mchid: s.mchid, outTradeNo: s.out_trade_no, description: s.description, notifyUrl: s.notify_url,
      timeExpire: typeof b.time_expire === 'string' ? b.time_expire : '', totalFen: amount.total, openid: payer.openid,
      prepayId: `wx${Date.now()}${String(++this.seq).padStart(6, '0')}${randomBytes(8).toString('hex')}`,
      tradeState: 'NOTPAY', transactionId: null, payerTotalFen: null, successTime: null,
    };
    this.transactions.set(t.outTradeNo, t);
    return { status: 200, json: { prepay_id: t.prepayId } };
  }

  private queryTransaction(outTradeNo: string, mchid: string | null): Answer {
    if (mchid !== this.keys.mchId) return err(400, 'PARAM_ERROR', 'mchid 与请求商户不符');
    const t = this.transactions.get(outTradeNo);
    if (!t) return err(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { status: 200, json: this.transactionJson(t) };
  }

  private close(outTradeNo: string, b: unknown): Answer {
    if (!isObj(b) || b.mchid !== this.keys.mchId) return err(400, 'PARAM_ERROR', 'mchid 与请求商户不符');
    const t = this.transactions.get(outTradeNo);
    if (!t) return err(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.tradeState === 'SUCCESS' || t.tradeState === 'REFUND') return err(403, 'ORDERPAID', '订单已支付，不能关闭');
    t.tradeState = 'CLOSED'; // closing a closed order again is fine: 204 again
    return { status: 204 };
  }

  private createRefund(b: unknown): Answer {
    if (!isObj(b)) return err(400, 'PARAM_ERROR', '请求体不是 JSON 对象');
    const amount = isObj(b.amount) ? b.amount : {};
    if (typeof b.out_refund_no !== 'string' || !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(b.out_refund_no)) return err(400, 'PARAM_ERROR', 'out_refund_no 格式错误');
    if (typeof b.out_trade_no !== 'string') return err(400, 'PARAM_ERROR', '缺少 out_trade_no');
    if (!isFen(amount.refund) || !isFen(amount.total)) return err(400, 'PARAM_ERROR', 'amount.refund / amount.total 必须是正整数(分)');
    if (amount.currency !== 'CNY') return err(400, 'PARAM_ERROR', 'amount.currency 必须是 CNY');
    if (b.reason !== undefined && (typeof b.reason !== 'string' || [...b.reason].length > 80)) return err(400, 'PARAM_ERROR', 'reason 超过 80 个字符');

    const existing = this.refunds.get(b.out_refund_no);
    if (existing) {
      if (existing.outTradeNo !== b.out_trade_no || existing.refundFen !== amount.refund) return err(400, 'INVALID_REQUEST', '退款单号已用于另一笔退款');
      return { status: 200, json: this.refundJson(existing) };
    }
    const t = this.transactions.get(b.out_trade_no);
    if (!t) return err(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (t.tradeState !== 'SUCCESS' && t.tradeState !== 'REFUND') return err(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== t.totalFen) return err(400, 'PARAM_ERROR', '订单金额与原订单不一致');
    const refunded = [...this.refunds.values()]
      .filter((r) => r.outTradeNo === t.outTradeNo && r.status !== 'CLOSED' && r.status !== 'ABNORMAL')
      .reduce((s, r) => s + r.refundFen, 0);
    if (refunded + amount.refund > t.totalFen) return err(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');

    const plan = this.nextRefundPlan ?? { processingQueries: 0, outcome: 'SUCCESS' as const };
    this.nextRefundPlan = null;
    const now = beijingTime(this.now());
    const r: FakeRefund = {
      outRefundNo: b.out_refund_no, outTradeNo: t.outTradeNo, transactionId: t.transactionId,
      refundId: `50${randomDigits(27)}`, refundFen: amount.refund, totalFen: amount.total,
      reason: typeof b.reason === 'string' ? b.reason : '', notifyUrl: typeof b.notify_url === 'string' ? b.notify_url : null,
      status: 'PROCESSING', createTime: now, successTime: null, queriesLeft: plan.processingQueries, outcome: plan.outcome,
    };
    if (r.queriesLeft === 0) this.finishRefund(r);
    this.refunds.set(r.outRefundNo, r);
    if (r.status !== 'CLOSED' && r.status !== 'ABNORMAL') t.tradeState = 'REFUND';
    return { status: 200, json: this.refundJson(r) };
  }

  private queryRefund(outRefundNo: string): Answer {
    const r = this.refunds.get(outRefundNo);
    if (!r) return err(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    if (r.status === 'PROCESSING' && --r.queriesLeft <= 0) this.finishRefund(r);
    return { status: 200, json: this.refundJson(r) };
  }

  private finishRefund(r: FakeRefund): void {
    r.status = r.outcome;
    r.queriesLeft = 0;
    if (r.status === 'SUCCESS') r.successTime = beijingTime(this.now());
  }

  private refundJson(r: FakeRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successTime ? { success_time: r.successTime } : {}),
      create_time: r.createTime,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen,
        settlement_refund: r.refundFen, settlement_total: r.totalFen, discount_refund: 0, currency: 'CNY',
      },
    };
  }
}

/** A merchant transfer (商家转账) as the fake keeps it. */
export interface FakeTransfer {
  outBillNo: string;
  transferBillNo: string;
  openid: string;
  amountFen: number;
  remark: string;
  sceneId: string;
  reportInfos: Array<{ info_type: string; info_content: string }>;
  state: 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';
  failReason: string | null;
  packageInfo: string;
  createTime: string;
  updateTime: string;
}
