// expect: TS2741: Property 'ocr_type' is missing
// `ocr_type` is required; TypeScript reports the `data` object that lacks it.
export async function ocr(url: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { // <- error
      img_url: url,
      data_type: 3,
    },
  });
}
