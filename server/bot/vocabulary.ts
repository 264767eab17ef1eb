/**
 * Word lists the chat command parser relies on. Kept apart from the parsing code so that adding a synonym
 * ("查一下订单", "退团") is a one-line data change that cannot break the grammar.
 *
 * Every entry is written in the form it has AFTER normalisation (see normalize.ts): NFKC, lower case,
 * half-width punctuation, no emoji.
 */

/** Whole-message help requests. A lone "?" is deliberately absent: in Chinese chats it means "huh?". */
export const HELP_WORDS: ReadonlySet<string> = new Set([
  '帮助', '使用帮助', '使用说明', '说明', '菜单', '指令', '命令', '机器人帮助',
  '怎么接龙', '如何接龙', '怎么参团', '怎么下单', '如何下单', '怎么买', '怎么用', '机器人怎么用',
  'help', 'menu',
]);

/** Whole-message "what did I order?" requests. */
export const QUERY_WORDS: ReadonlySet<string> = new Set([
  '查询', '查询订单', '订单查询', '我的订单', '查订单', '查看订单', '查我的订单', '查一下订单', '查下订单',
  '看看我的订单', '订单', '查', '查一下', '我的接龙', '查接龙', '查看接龙', '我买了什么', '我买了啥',
  '我订了什么', '我接了什么', 'query', 'orders', 'order', 'my order', 'my orders', 'status',
]);

/**
 * Cancel words that start a message ("取消", "取消 桃子"). Longest first, so "取消订单" wins over "取消".
 * "取消了" is NOT a cancel: it usually reports that something was called off.
 */
export const CANCEL_PREFIXES: readonly string[] = [
  '取消订单', '取消接龙', '取消参团', '取消报名', '取消', '退出接龙', '退团', '撤销', '我不要了', '不要了', 'cancel',
];

/** Cancel words that end a message ("桃子不要了"). */
export const CANCEL_SUFFIXES: readonly string[] = ['我不要了', '不要了', '取消'];

/** Words around a cancel target that name the order rather than an item ("取消我的桃子订单", "取消掉"). */
export const CANCEL_TARGET_NOISE: readonly string[] = [
  '我的订单', '的订单', '订单', '的接龙', '接龙', '我的', '的', '掉', '一下', 'order', 'my',
];

/** Politeness around keyword commands: "请帮我取消一下" is still "取消". */
export const KEYWORD_LEADING_POLITENESS: readonly string[] = ['麻烦', '请', '帮我', '我要', '我想', '想'];
export const KEYWORD_TRAILING_POLITENESS: readonly string[] = [
  '谢谢团长', '谢谢', '一下', '吧', '呀', '哦', '啊', 'please', 'pls', 'thanks',
];

/**
 * Words that open a join. "chain" words are explicit commands (接龙 2); "verb" words are plain language
 * (我要2份桃子) and need more evidence before they become an order. Longest first.
 */
export const CHAIN_WORDS: readonly string[] = ['接龙', '参团', '跟团', '拼团', '报名', 'join'];
export const VERB_WORDS: readonly string[] = [
  '我也要', '我要', '给我来', '帮我来', '帮我订', '我也买', '我买', '我来', '再来', '预订', '预定', '我订',
  'i want', '要', '买', '来', '订',
];

/**
 * Filler that may surround a join without changing it: "我也+1", "团长 +1", "+1 谢谢团长".
 * "好的" / "同意" are deliberately absent: "好的+1" reads as agreement, and agreement is not an order.
 */
export const LEADING_FILLER: readonly string[] = ['我也', '团长', '亲', '我', '也'];
export const TRAILING_FILLER: readonly string[] = [
  '谢谢团长', '谢谢', '谢了', '多谢', '感谢', '辛苦了', '辛苦', '麻烦了', '哈哈', '哈', '呀', '啊', '哦', '喔', '噢',
  '啦', '吧', '嗯', 'thank you', 'thanks', 'thx', 'please', 'pls', 'ty',
];

/**
 * Characters that show up in sentences but almost never in a product name. Unknown words containing one
 * of them are conversation ("+2 我觉得可以"), so the bot stays silent instead of answering "no such item".
 */
export const CONVERSATION_CHARS = /[了的是我你他她它吗呢吧啊呀啦在有没不很都也就还想说看过得着么]/u;

/** Measure words that follow a quantity: 2份, 两箱, 3斤. Longest first so 公斤 wins over 斤. */
export const UNITS: readonly string[] = [
  '公斤', '千克', 'pcs', 'kg', '份', '个', '箱', '斤', '袋', '盒', '件', '只', '颗', '包', '瓶', '桶', '组', '套',
  '块', '提', '串', '把', '条', '根', '罐', '听', '粒', '枚', '单', '支', '板', '扎', '筐', '捆', '杯', '碗', '盆',
];

/** Things "N号" usually means that are not an item number: 3号楼, 5号门, 2号线. */
export const NOT_ITEM_AFTER_HAO: readonly string[] = [
  '楼', '房', '门', '线', '店', '院', '床', '单元', '路', '街', '车', '柜', '铺', '位',
];

/**
 * WeChat sends its built-in stickers as text like "[强]" or "[玫瑰]". Only these names are removed, so an
 * item written in brackets ("[桃子]+1") survives.
 */
export const WECHAT_EMOJI_NAMES: ReadonlySet<string> = new Set([
  '微笑', '撇嘴', '色', '发呆', '得意', '流泪', '害羞', '闭嘴', '睡', '大哭', '尴尬', '发怒', '调皮', '呲牙', '惊讶',
  '难过', '囧', '抓狂', '吐', '偷笑', '愉快', '白眼', '傲慢', '困', '惊恐', '憨笑', '悠闲', '咒骂', '疑问', '嘘',
  '晕', '衰', '骷髅', '敲打', '再见', '擦汗', '抠鼻', '鼓掌', '坏笑', '右哼哼', '左哼哼', '鄙视', '委屈', '快哭了',
  '阴险', '亲亲', '可怜', '笑脸', '生病', '脸红', '破涕为笑', '恐惧', '失望', '无语', '嘿哈', '捂脸', '奸笑', '机智',
  '皱眉', '耶', '吃瓜', '加油', '汗', '天啊', 'emm', '社会社会', '旺柴', '好的', '打脸', '哇', '翻白眼', '666',
  '让我看看', '叹气', '苦涩', '裂开', '嘴唇', '爱心', '心碎', '拥抱', '强', '弱', '握手', '胜利', '抱拳', '勾引',
  '拳头', 'ok', '合十', '啤酒', '咖啡', '蛋糕', '玫瑰', '凋谢', '菜刀', '炸弹', '便便', '月亮', '太阳', '庆祝',
  '礼物', '红包', '發', '福', '烟花', '爆竹', '猪头', '跳跳', '发抖', '转圈',
]);
