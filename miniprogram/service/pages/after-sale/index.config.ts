export default definePageConfig({
  navigationBarTitleText: '申请售后',
  backgroundColor: '#f4f6f5',
});
