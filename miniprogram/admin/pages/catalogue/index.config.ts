export default definePageConfig({
  navigationBarTitleText: '商品库',
  enablePullDownRefresh: true,
  backgroundColor: '#f4f6f5',
});
