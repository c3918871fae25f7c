import { StringArrayField, StringField } from '../../gateway/fields.js';

/** Tencent's generic `Filter {Name, Values[]}`. */
export class FilterInput {
  @StringField({
    description: 'Filter name, e.g. `tag:env` to match the tag key `env`.',
    example: 'tag:env',
    optional: true,
    maxLength: 260,
  })
  Name?: string;

  @StringArrayField({
    description: 'Accepted values (any of them matches).',
    example: ['prod'],
    optional: true,
    maxItems: 50,
    item: { maxLength: 255 },
  })
  Values?: string[];
}
