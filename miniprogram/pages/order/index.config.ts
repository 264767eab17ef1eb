export default definePageConfig({
  navigationBarTitleText: '订单详情',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
