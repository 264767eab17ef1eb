import type { AfterSaleStatus, CampaignStatus, OrderStatus, RefundReason, RefundStatus, StorageKind } from '@shared/types/statuses';

export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: '草稿',
  scheduled: '待开始',
  open: '拼团中',
  closed: '已截团',
  fulfilling: '履约中',
  completed: '已完成',
  failed: '未成团',
  cancelled: '已取消',
};

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '已付款',
  confirmed: '已成团',
  shipped: '已发货',
  ready_for_pickup: '待取货',
  picked_up: '已取货',
  completed: '已完成',
  expired: '已过期',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
  partially_refunded: '部分退款',
};

export const REFUND_REASON_LABEL: Record<RefundReason, string> = {
  neighbour_cancel: '取消订单退款',
  campaign_failed: '未成团退款',
  campaign_cancelled: '活动取消退款',
  tier_difference: '阶梯价差退款',
  after_sale: '售后退款',
  late_payment: '超时支付退款',
  short_arrival: '缺货退款',
  uncollected: '未取货退款',
  admin: '平台退款',
};

export const REFUND_STATUS_LABEL: Record<RefundStatus, string> = {
  pending: '待处理',
  processing: '退款中',
  succeeded: '已到账',
  failed: '退款失败，处理中',
};

export const AFTER_SALE_STATUS_LABEL: Record<AfterSaleStatus, string> = {
  open: '处理中',
  approved: '已同意',
  rejected: '已拒绝',
};

export const STORAGE_LABEL: Record<StorageKind, string> = {
  ambient: '常温',
  chilled: '冷藏',
  frozen: '冷冻',
};
