export default definePageConfig({
  navigationBarTitleText: '团购活动',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
