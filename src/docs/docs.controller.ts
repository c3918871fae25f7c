import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installTc3Signer } from './browser-signer.js';

export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return (require('swagger-ui-dist') as { absolutePath(): string }).absolutePath();
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>RocketMQ Cloud API</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/swagger-ui-standalone-preset.js"></script>
  <script src="docs/signer.js"></script>
  <script src="docs/init.js"></script>
</body>
</html>`;

/** Signs /api/... calls with the SecretId/SecretKey from "Authorize" (see browser-signer.ts). */
const INIT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: 'docs-json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    requestInterceptor: function (req) { return window.__rmqTc3Intercept(req); },
    persistAuthorization: false,
    displayOperationId: true,
    tryItOutEnabled: true,
  });
};`;

/**
 * Swagger UI at /docs and the OpenAPI document at /docs-json. The UI is served from
 * swagger-ui-dist with our signer script; the SecretKey typed into it never leaves the page.
 */
@ApiExcludeController()
@Controller()
export class DocsController {
  private readonly assets = new Map<string, Buffer>();
  private readonly signer = `(${installTc3Signer.toString()})(window);\n`;

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenAPIObject) {
    const dir = swaggerUiDir();
    for (const name of Object.keys(ASSETS)) this.assets.set(name, readFileSync(join(dir, name)));
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page() {
    return PAGE;
  }

  @Get('docs-json')
  json() {
    return this.document;
  }

  @Get('docs/signer.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  signerScript() {
    return this.signer;
  }

  @Get('docs/init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init() {
    return INIT;
  }

  @Get('docs/:asset')
  asset(@Param('asset') name: string, @Res() reply: FastifyReply) {
    const body = this.assets.get(name);
    if (!body) throw new NotFoundException();
    return reply
      .header('content-type', ASSETS[name])
      .header('cache-control', 'public, max-age=86400')
      .send(body);
  }
}
