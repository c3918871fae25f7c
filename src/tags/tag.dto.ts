import { Out, StringArrayField, StringField } from '../gateway/fields.js';

/** product-spec.md §8: key letters, digits, `+ = . @ -`, ≤255; value empty or the same charset, ≤127. */
export const TAG_KEY_PATTERN = /^[\p{L}\p{N}+=.@-]+$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{N}+=.@-]*$/u;
export const TAG_CHARSET_HINT = 'letters, digits and "+ = . @ -"';
export const RESERVED_TAG_KEY_PREFIXES = ['qcloud', 'tencent', 'project'];
export const MAX_TAGS_PER_RESOURCE = 50;

export class TagInput {
  @StringField({
    description:
      'Tag key: letters, digits and `+ = . @ -`, 1-255 characters; keys starting with qcloud, tencent or project are reserved.',
    example: 'env',
    minLength: 1,
    maxLength: 255,
    pattern: TAG_KEY_PATTERN,
    patternHint: TAG_CHARSET_HINT,
  })
  TagKey!: string;

  @StringField({
    description: 'Tag value: empty, or letters, digits and `+ = . @ -`, up to 127 characters.',
    example: 'prod',
    maxLength: 127,
    pattern: TAG_VALUE_PATTERN,
    patternHint: TAG_CHARSET_HINT,
  })
  TagValue!: string;
}

export class TagOutput {
  @Out({ description: 'Tag key', example: 'env' })
  TagKey!: string;

  @Out({ description: 'Tag value', example: 'prod' })
  TagValue!: string;
}

/** `TagFilter {TagKey, TagValues[]}`: the resource carries the key with one of the values. */
export class TagFilterInput {
  @StringField({ description: 'Tag key', example: 'env', minLength: 1, maxLength: 255 })
  TagKey!: string;

  @StringArrayField({
    description: 'Accepted values (any of them); empty: any value',
    example: ['prod'],
    maxItems: 50,
    item: { maxLength: 127 },
  })
  TagValues!: string[];
}
