export default definePageConfig({
  navigationBarTitleText: '商品',
  backgroundColor: '#f4f6f5',
});
