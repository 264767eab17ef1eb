import type { CampaignStatus, OrderStatus } from '@shared/types/statuses';

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
