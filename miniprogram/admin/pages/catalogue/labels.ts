/**
 * Catalogue wording shared by the admin's catalogue and product pages. Categories are stored as short English
 * keys (the demo's "fruit", "tea", "grain"); the known ones read in Chinese, any other key shows as it is.
 */
import type { StockFilter } from '@shared/types/admin-catalogue';

export const CATEGORY_LABEL: Record<string, string> = {
  fruit: '水果', vegetable: '蔬菜', grain: '米面粮油', tea: '茶叶', nuts: '坚果炒货', meat: '肉禽', seafood: '水产海鲜',
  egg_dairy: '蛋奶', snack: '休闲零食', daily: '日用百货',
};

export const categoryLabel = (key: string): string => CATEGORY_LABEL[key] ?? key;

export const STOCK_LABEL: Record<StockFilter, string> = { all: '全部库存', in_stock: '有货', low: '库存紧张', out: '缺货' };
