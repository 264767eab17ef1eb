export default definePageConfig({
  navigationBarTitleText: '售后处理',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
});
