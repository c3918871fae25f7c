import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceTagEntity } from './resource-tag.entity.js';
import { TagApiService } from './tag-api.service.js';
import { TagsActions } from './tags.actions.js';
import { TagsService } from './tags.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ResourceTagEntity])],
  providers: [TagsService, TagApiService, TagsActions],
  exports: [TagsService],
})
export class TagsModule {}
