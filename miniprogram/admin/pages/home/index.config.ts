export default definePageConfig({
  navigationBarTitleText: '平台管理',
  navigationBarBackgroundColor: '#23a75d',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
