// expect: TS2322: Type 'number' is not assignable to type 'string'
// `img_data` is a string (base64); a number is a type error.
export async function ocr(): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: {
      img_data: 42, // <- error
      data_type: 2,
      ocr_type: 1,
    },
  });
}
