import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { packageInfo } from '../config/package-info.js';
import { installTc3Signer } from './browser-signer.js';
import { buildOpenApiDocument } from './openapi.js';

/** Swagger UI at /docs (requests signed in the browser), the document at /docs-json. */
export async function setupDocs(app: NestFastifyApplication): Promise<void> {
  const document = await buildOpenApiDocument(packageInfo().version, app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'RocketMQ Cloud API',
    customJsStr: `(${installTc3Signer.toString()})(window);`,
    swaggerOptions: {
      // Runs in the browser: signs /api/... calls with the key from "Authorize".
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      requestInterceptor: (req: unknown) => (globalThis as any).__rmqTc3Intercept(req),
      persistAuthorization: false,
      displayOperationId: true,
      tryItOutEnabled: true,
    },
  });
}
