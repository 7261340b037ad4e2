// expect: TS2551: Property 'nam' does not exist on type 'OcrIdCardResult'
// The result is typed: a field the spec doesn't declare can't be read.
export async function ocr(url: string): Promise<string | undefined> {
  const res = await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { img_url: url, data_type: 3, ocr_type: 1 },
  });
  if (typeof res.data === 'string') {
    return undefined;
  }
  return res.data.idcard_res?.nam?.text; // <- error
}
