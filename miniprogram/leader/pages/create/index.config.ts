export default definePageConfig({
  navigationBarTitleText: '开团',
  backgroundColor: '#f4f6f5',
});
