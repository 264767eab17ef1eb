export default definePageConfig({
  navigationBarTitleText: '对账单',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
