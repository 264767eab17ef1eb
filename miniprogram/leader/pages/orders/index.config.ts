export default definePageConfig({
  navigationBarTitleText: '团购订单',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
