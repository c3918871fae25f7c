/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Installs a TC3-HMAC-SHA256 signer into a browser window for Swagger UI. Swagger UI sends the
 * SecretId/SecretKey typed into "Authorize" as X-TC-SecretId / X-TC-SecretKey headers; the
 * request interceptor removes both and signs the request instead, so the SecretKey never
 * leaves the browser. The function is serialized with `toString()` into the page, so it
 * must not reference anything outside its own body. SHA-256 is implemented here because
 * WebCrypto is missing on plain-http pages served from a non-localhost address.
 */
/** What the in-page signer signs (a type only: nothing of it reaches the serialized function). */
export interface BrowserSignInput {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  path: string;
  query: string;
  contentType: string;
  body: string;
  timestamp: number;
}

export function installTc3Signer(win: any): void {
  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  function sha256(data: Uint8Array): Uint8Array {
    const bitLength = data.length * 8;
    const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
    padded.set(data);
    padded[data.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    const h = [
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
      0x5be0cd19,
    ];
    const w = new Array<number>(64);
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const a = w[i - 15];
        const b = w[i - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0;
      h[1] = (h[1] + b) | 0;
      h[2] = (h[2] + c) | 0;
      h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0;
      h[5] = (h[5] + f) | 0;
      h[6] = (h[6] + g) | 0;
      h[7] = (h[7] + hh) | 0;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    h.forEach((v, i) => outView.setUint32(i * 4, v >>> 0));
    return out;
  }

  const utf8 = (s: string) => new TextEncoder().encode(s);

  function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }

  function hmac(key: Uint8Array, message: Uint8Array): Uint8Array {
    let k = key.length > 64 ? sha256(key) : key;
    const block = new Uint8Array(64);
    block.set(k);
    k = block;
    const inner = k.map((x) => x ^ 0x36);
    const outer = k.map((x) => x ^ 0x5c);
    return sha256(concat(outer, sha256(concat(inner, message))));
  }

  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

  function sign(o: BrowserSignInput): string {
    const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
    const canonical = [
      'POST',
      o.path,
      o.query,
      `content-type:${o.contentType}\nhost:${o.host}\n`,
      'content-type;host',
      hex(sha256(utf8(o.body))),
    ].join('\n');
    const scope = `${date}/${o.service}/tc3_request`;
    const toSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${scope}\n${hex(sha256(utf8(canonical)))}`;
    const kDate = hmac(utf8(`TC3${o.secretKey}`), utf8(date));
    const kService = hmac(kDate, utf8(o.service));
    const kSigning = hmac(kService, utf8('tc3_request'));
    const signature = hex(hmac(kSigning, utf8(toSign)));
    return `TC3-HMAC-SHA256 Credential=${o.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
  }

  function take(headers: Record<string, string>, name: string): string | undefined {
    for (const k of Object.keys(headers)) {
      if (k.toLowerCase() === name.toLowerCase()) {
        const v = headers[k];
        delete headers[k];
        return v;
      }
    }
    return undefined;
  }

  win.__rmqTc3 = { sha256, hmac, sign };
  win.__rmqTc3Intercept = (req: {
    url: string;
    method?: string;
    headers: Record<string, string>;
    body?: unknown;
  }) => {
    const url = new URL(req.url, win.location.href);
    const route = /^\/api\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!route) return req;
    req.headers = req.headers || {};
    const secretId = take(req.headers, 'X-TC-SecretId');
    const secretKey = take(req.headers, 'X-TC-SecretKey');
    if (!secretId || !secretKey) return req; // unsigned: the server answers AuthFailure
    const body = typeof req.body === 'string' ? req.body || '{}' : JSON.stringify(req.body ?? {});
    take(req.headers, 'Content-Type');
    const timestamp = Math.floor(Date.now() / 1000);
    req.method = 'POST';
    req.body = body;
    req.headers['Content-Type'] = 'application/json';
    req.headers['X-TC-Action'] = route[3];
    req.headers['X-TC-Version'] = route[2];
    req.headers['X-TC-Timestamp'] = String(timestamp);
    req.headers['Authorization'] = sign({
      secretId,
      secretKey,
      service: route[1],
      host: url.hostname,
      path: url.pathname,
      query: url.search.slice(1),
      contentType: 'application/json',
      body,
      timestamp,
    });
    return req;
  };
}
