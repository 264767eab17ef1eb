export default definePageConfig({
  navigationBarTitleText: '到货确认',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
