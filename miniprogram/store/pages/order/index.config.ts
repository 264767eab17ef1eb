export default definePageConfig({
  navigationBarTitleText: '订单详情',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
