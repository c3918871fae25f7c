import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessKeyEntity } from './access-key.entity.js';
import { AccessKeysService } from './access-keys.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AccessKeyEntity])],
  providers: [AccessKeysService],
  exports: [AccessKeysService],
})
export class AccessKeysModule {}
