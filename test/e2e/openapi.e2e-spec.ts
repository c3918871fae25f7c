import { readFileSync } from 'node:fs';
import { ActionRegistry } from '../../src/gateway/action-registry.js';
import { installTc3Signer } from '../../src/docs/browser-signer.js';
import { declaredActions, renderOpenApiJson } from '../../src/docs/openapi.js';
import {
  ROOT_SECRET_ID,
  ROOT_SECRET_KEY,
  startTestApp,
  uniqueName,
  type TestApp,
} from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Doc = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any> };
};

describe('the OpenAPI document', () => {
  it('is committed as openapi/openapi.json exactly as the code generates it (run `npm run openapi`)', () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    expect(committed).toEqual(renderOpenApiJson());
  });

  it('is what the server serves at /docs-json', async () => {
    const served = await (await fetch(`${t.url}/docs-json`)).json();
    expect(served).toEqual(JSON.parse(renderOpenApiJson()));
  });

  it('documents every action the server dispatches, and only those', () => {
    const registered = t.app
      .get(ActionRegistry)
      .all()
      .map((a) => a.options.name)
      .sort();
    expect(
      declaredActions()
        .map((a) => a.options.name)
        .sort(),
    ).toEqual(registered);
    const doc = JSON.parse(renderOpenApiJson()) as Doc;
    for (const a of t.app.get(ActionRegistry).all()) {
      const op =
        doc.paths[`/api/${a.options.service.name}/${a.options.service.version}/${a.options.name}`]
          ?.post;
      expect(op).toBeDefined();
      expect(op.summary).toEqual(expect.any(String));
      expect(op.description).toContain(`${a.options.service.name}:${a.options.name}`);
      expect(op.requestBody.content['application/json'].example).toBeDefined();
      const reqSchema = doc.components.schemas[a.options.request.name];
      const respSchema = doc.components.schemas[a.options.response.name];
      expect(reqSchema).toBeDefined();
      expect(respSchema).toBeDefined();
    }
  });

  it('describes every field with a concrete type and a description', () => {
    const doc = JSON.parse(renderOpenApiJson()) as Doc;
    const untyped: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [field, prop] of Object.entries<any>(schema.properties ?? {})) {
        const typed =
          prop.$ref ||
          prop.allOf ||
          (prop.type && prop.type !== 'object') ||
          (prop.type === 'object' && prop.properties);
        if (!typed) untyped.push(`${name}.${field}`);
        if (
          !prop.description &&
          !['RequestId', 'Code', 'Message', 'Error', 'Response'].includes(field)
        )
          untyped.push(`${name}.${field} (no description)`);
      }
    }
    expect(untyped).toEqual([]);
  });
});

describe('Swagger UI', () => {
  it('serves the page, its assets and the signer', async () => {
    const page = await fetch(`${t.url}/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    for (const src of html.match(/(?:src|href)="(docs\/[^"]+)"/g)!.map((m) => m.split('"')[1])) {
      const asset = await fetch(`${t.url}/${src}`);
      expect([src, asset.status]).toEqual([src, 200]);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect(await (await fetch(`${t.url}/docs/signer.js`)).text()).toContain('__rmqTc3Intercept');
    expect(await (await fetch(`${t.url}/docs/init.js`)).text()).toContain('requestInterceptor');
  });

  it('signs "Try it out" requests in the page, sends no SecretKey, and the server accepts them', async () => {
    // Run the exact script the page loads, in a window-like object, and send what it produces.
    const script = await (await fetch(`${t.url}/docs/signer.js`)).text();
    const win: any = { location: { href: `${t.url}/docs` } };
    new Function('window', script)(win);
    const name = uniqueName('swagger');
    const req = win.__rmqTc3Intercept({
      url: `${t.url}/api/tdmq/2020-02-17/CreateRocketMQCluster`,
      method: 'POST',
      headers: {
        'X-TC-SecretId': ROOT_SECRET_ID,
        'X-TC-SecretKey': ROOT_SECRET_KEY,
        'X-TC-Region': 'ap-guangzhou',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ Name: name }),
    });
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toContain('x-tc-secretkey');
    expect(JSON.stringify(req)).not.toContain(ROOT_SECRET_KEY);
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    const body = (await res.json()) as { Response: { ClusterId?: string; Error?: unknown } };
    expect(body.Response.Error).toBeUndefined();
    expect(body.Response.ClusterId).toMatch(/^rocketmq-/);
  });

  it('the in-page signer is the module the tests unit-check', () => {
    const script = readFileSync(
      new URL('../../src/docs/browser-signer.ts', import.meta.url),
      'utf8',
    );
    expect(script).toContain('export function installTc3Signer');
    expect(typeof installTc3Signer).toBe('function');
  });
});
