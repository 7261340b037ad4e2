// expect: TS2353: Object literal may only specify known properties, and 'type' does not exist in type 'CDN'
// A file path object is what `new wx.serviceMarket.CDN(...)` takes, not a value of `img_url`.
export async function ocr(filePath: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: {
      img_url: { type: 'filePath', filePath }, // <- error
      data_type: 3,
      ocr_type: 1,
    },
  });
}
