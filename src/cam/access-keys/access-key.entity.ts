import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccessKeyStatus = 'Active' | 'Inactive';

/** An API key pair. The SecretKey is stored encrypted (SecretBox), never in clear. */
@Entity({ name: 'access_keys' })
export class AccessKeyEntity {
  @PrimaryColumn({ name: 'secret_id', type: 'varchar', length: 128 })
  secretId!: string;

  /** The root account owning the user. */
  @Column({ name: 'owner_uin', type: 'varchar', length: 20 })
  ownerUin!: string;

  /** The user the key belongs to (equals ownerUin for the root account). */
  @Column({ type: 'varchar', length: 20 })
  uin!: string;

  @Column({ name: 'secret_key_enc', type: 'text' })
  secretKeyEnc!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: AccessKeyStatus;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
