export { PaymentService, type PaymentRow, type RefundRow, type NewRefund } from './payment.service';
export { SandboxPaymentProvider, type SandboxNotificationBody } from './sandbox.provider';
export * from './provider';
