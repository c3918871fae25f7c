import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceTagEntity } from './resource-tag.entity.js';
import { TagsService } from './tags.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ResourceTagEntity])],
  providers: [TagsService],
  exports: [TagsService],
})
export class TagsModule {}
