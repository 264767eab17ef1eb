export default definePageConfig({
  navigationBarTitleText: '群机器人',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
