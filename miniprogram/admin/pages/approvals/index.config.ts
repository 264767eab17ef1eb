export default definePageConfig({
  navigationBarTitleText: '入驻审批',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
