// expect: TS2322: Type '5' is not assignable to type 'OcrType'
// `ocr_type` is one of 1, 2, 3, 4, 7, 8 in data (exact unions for what the mini program sends).
export async function ocr(url: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: {
      img_url: url,
      data_type: 3,
      ocr_type: 5, // <- error
    },
  });
}
