export default definePageConfig({
  navigationBarTitleText: '团购详情',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
  // The share card (onShareAppMessage) carries the campaign and the sharer's leader code.
  enableShareAppMessage: true,
});
