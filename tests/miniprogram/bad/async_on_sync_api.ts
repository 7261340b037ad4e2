// expect: TS2322: Type 'true' is not assignable to type 'false'
// OcrAllInOne is synchronous: `async: true` is an error.
export async function ocr(url: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { img_url: url, data_type: 3, ocr_type: 1 },
    async: true, // <- error
  });
}
