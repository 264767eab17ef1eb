export default definePageConfig({
  navigationBarTitleText: '确认订单',
  backgroundColor: '#f4f6f5',
});
