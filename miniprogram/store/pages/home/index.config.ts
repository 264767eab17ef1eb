export default definePageConfig({
  navigationBarTitleText: '自提点',
  navigationBarBackgroundColor: '#23a75d',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
