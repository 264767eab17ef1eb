export default definePageConfig({
  navigationBarTitleText: '核销取货码',
  backgroundColor: '#f4f6f5',
});
