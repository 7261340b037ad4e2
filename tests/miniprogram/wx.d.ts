// The globals a mini program has, declared the way the official typings
// (`miniprogram-api-typings`) declare them, for this standalone check. The generated typings
// add `serviceMarket` to `WechatMiniprogram.Wx` and leave the global `wx` to the project; a
// project with the official typings doesn't need this file.
declare let wx: WechatMiniprogram.Wx;
declare let console: { log(...args: unknown[]): void };
