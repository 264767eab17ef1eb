export default definePageConfig({
  navigationBarTitleText: '邻里团购',
  navigationBarBackgroundColor: '#23a75d',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
