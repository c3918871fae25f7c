import { Module } from '@nestjs/common';
import { packageInfo } from '../config/package-info.js';
import { DocsController, OPENAPI_DOCUMENT } from './docs.controller.js';
import { buildOpenApiDocument } from './openapi.js';

@Module({
  controllers: [DocsController],
  providers: [
    { provide: OPENAPI_DOCUMENT, useFactory: () => buildOpenApiDocument(packageInfo().version) },
  ],
})
export class DocsModule {}
