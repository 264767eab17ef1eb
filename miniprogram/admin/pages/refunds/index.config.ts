export default definePageConfig({
  navigationBarTitleText: '退款与售后',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
