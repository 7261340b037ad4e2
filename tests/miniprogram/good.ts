// A sample mini-program module written against generated/miniprogram/service-market.d.ts.
// It must compile: every call here is one the typings must accept.

export {};

/** Reads an ID card from a local image (OcrAllInOne, the image marked for CDN upload). */
async function readIdCard(filePath: string): Promise<string | undefined> {
  const res = await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: {
      img_url: new wx.serviceMarket.CDN({ type: 'filePath', filePath }),
      data_type: 3,
      ocr_type: 1,
    },
  });
  const requestID: string = res.requestID;
  console.log('OcrAllInOne', requestID);
  // `data` is the reply, or its JSON text.
  const result: WxapiServiceMarket.OcrAllInOneResult =
    typeof res.data === 'string' ? JSON.parse(res.data) : res.data;
  const card = result.idcard_res;
  // Enums read from results admit values the spec doesn't list.
  const side: WxapiServiceMarket.OcrIdCardSide | number | undefined = card?.type;
  if (side === 0) {
    console.log('front side');
  }
  const width: number | undefined = result.image_width;
  const corner: number | undefined = card?.name?.pos?.left_top?.x;
  const lines: string[] = (result.ocr_comm_res?.items ?? []).map((item) => item.text);
  console.log(width, corner, lines);
  return card?.name?.text;
}

/** The other ways to fill OcrAllInOne: a plain URL, base64 data, CDN markers of a string or bytes. */
async function otherInputs(bytes: ArrayBuffer, base64: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { img_url: 'https://example.com/card.jpg', data_type: 3, ocr_type: 2 },
  });
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { img_data: base64, data_type: 2, ocr_type: 8 },
    consumeType: 2,
    consumeAppid: 'wx0123456789abcdef',
  });
  const marked: WxapiServiceMarket.CDN = new wx.serviceMarket.CDN(bytes);
  // An option built ahead of the call is annotated with its service's option type.
  const option: WxapiServiceMarket.OcrAllInOneOption = {
    service: 'wx79ac3de8be320b71',
    api: 'OcrAllInOne',
    data: { img_url: marked, data_type: 3, ocr_type: 4 },
    async: false,
  };
  const res = await wx.serviceMarket.invokeService(option);
  const data: WxapiServiceMarket.OcrAllInOneResult | string = res.data;
  console.log(data, new wx.serviceMarket.CDN('a large string'));
}

/** A service the spec doesn't know: any JSON data, an `unknown` reply, polled asynchronously. */
async function unknownService(): Promise<unknown> {
  const started = await wx.serviceMarket.invokeService({
    service: 'some_service_id',
    api: 'test',
    data: { type: 'x', name: 'y', nested: { list: [1, 2] } },
    async: true,
  });
  const reply: unknown = started.data;
  console.log(reply);
  for (;;) {
    const polled = await wx.serviceMarket.getAsyncResult({ requestId: started.requestID });
    if (polled.status === '0') {
      return polled.data === undefined ? undefined : JSON.parse(polled.data);
    }
    if (polled.providerErrMsg) {
      throw new Error(polled.providerErrMsg);
    }
  }
}

/** A known provider with an API the spec doesn't declare takes the fallback too. */
async function unknownApiOfKnownProvider(service: string): Promise<void> {
  await wx.serviceMarket.invokeService({
    service: 'wx79ac3de8be320b71',
    api: 'SomeOtherApi',
    data: { anything: true },
  });
  // A service id that is only known at run time can't be checked: the fallback.
  await wx.serviceMarket.invokeService({ service, api: 'OcrAllInOne', data: {} });
}

/** The documented error codes. */
function describe(code: WxapiServiceMarket.ErrorCode): string {
  const rateLimited: WxapiServiceMarket.ErrorCodes['RateLimited'] = -11;
  return code === rateLimited ? '命中频率' : `error ${code}`;
}

void readIdCard('wxfile://tmp/card.jpg');
void otherInputs(new ArrayBuffer(8), 'aGVsbG8=');
void unknownService();
void unknownApiOfKnownProvider('wx79ac3de8be320b71');
console.log(describe(-1));
