export default definePageConfig({
  navigationBarTitleText: '评价',
  backgroundColor: '#f4f6f5',
});
