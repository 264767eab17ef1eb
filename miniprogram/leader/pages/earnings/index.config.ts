export default definePageConfig({
  navigationBarTitleText: '收益与对账单',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
