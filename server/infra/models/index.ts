/** Registers every model on a Sequelize instance (called once by the composition root). */
import type { Sequelize } from 'sequelize';
import { initIdentityModels } from '../../modules/identity/identity.model';
import { initCommunityModels } from '../../modules/community/community.model';
import { initPickupModels } from '../../modules/pickup/pickup.model';
import { initCatalogueModels } from '../../modules/catalogue/catalogue.model';
import { initCampaignModels } from '../../modules/campaign/campaign.model';
import { initOrderModels } from '../../modules/order/order.model';
import { initPaymentModels } from '../../modules/payment/payment.model';
import { initLedgerModels } from '../../modules/ledger/ledger.model';
import { initAuditModels } from '../../modules/audit/audit.model';
import { initBotModels } from '../../modules/bot/bot.model';
import { initJobModels } from '../scheduler/job.model';

export function initAllModels(sequelize: Sequelize): void {
  initIdentityModels(sequelize);
  initCommunityModels(sequelize);
  initPickupModels(sequelize);
  initCatalogueModels(sequelize);
  initCampaignModels(sequelize);
  initOrderModels(sequelize);
  initPaymentModels(sequelize);
  initLedgerModels(sequelize);
  initAuditModels(sequelize);
  initBotModels(sequelize);
  initJobModels(sequelize);
}
