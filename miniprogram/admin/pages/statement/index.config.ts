export default definePageConfig({
  navigationBarTitleText: '结算单',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
