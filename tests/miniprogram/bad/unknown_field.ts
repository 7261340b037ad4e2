// expect: TS2561: Object literal may only specify known properties, but 'image_url' does not exist in type 'OcrAllInOneData'
// A known service/api pair never falls back to untyped data: a misspelt field is an error.
export async function ocr(url: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: {
      image_url: url, // <- error
      data_type: 3,
      ocr_type: 1,
    },
  });
}
