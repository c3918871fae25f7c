import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../config/package-info.js';
import { renderOpenApiJson } from '../docs/openapi.js';

// `npm run openapi`: regenerates the committed openapi/openapi.json from the action declarations.
const target = join(packageInfo().root, 'openapi', 'openapi.json');
writeFileSync(target, renderOpenApiJson());
console.log(`wrote ${target}`);
