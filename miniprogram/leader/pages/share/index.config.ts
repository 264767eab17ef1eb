export default definePageConfig({
  navigationBarTitleText: '分享团购',
  backgroundColor: '#f4f6f5',
  enablePullDownRefresh: true,
  // The share card carries the campaign and this leader's code.
  enableShareAppMessage: true,
});
