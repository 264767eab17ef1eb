export default definePageConfig({
  navigationBarTitleText: '经营报表',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
