export default definePageConfig({
  navigationBarTitleText: '佣金结算',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
