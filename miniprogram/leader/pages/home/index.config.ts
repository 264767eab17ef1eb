export default definePageConfig({
  navigationBarTitleText: '团长工作台',
  navigationBarBackgroundColor: '#23a75d',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
