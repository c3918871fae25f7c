import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SecretBox } from './secret-box.js';

/** The master-key box (encrypts secrets at rest, derives purpose keys), loaded once. */
@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => SecretBox.load(config.masterKey, config.dataDir),
    },
  ],
  exports: [SecretBox],
})
export class CryptoModule {}
