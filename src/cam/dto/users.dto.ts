import { IntField, Out, StringField } from '../../gateway/fields.js';

/**
 * Sub-user models of CAM (2019-01-16), field for field the SDK's (test/contracts/cam-api.json).
 * Name and password rules are checked by the service so that each fault gets the code CAM
 * documents for it (InvalidParameter.UserNameIllegal, InvalidParameter.PasswordViolatedRules).
 */

const NAME_RULES = '1-64 characters: letters, digits and `+ = , . @ _ -`';
const flag = (description: string) =>
  IntField({ description: `${description} (0 or 1).`, example: 0, optional: true, min: 0, max: 1 });

const userName = (description: string) =>
  StringField({ description: `${description}: ${NAME_RULES}.`, example: 'ci-deployer' });

const profileFields = {
  remark: () =>
    StringField({
      description: 'Remark, up to 255 characters.',
      example: 'CI pipeline',
      optional: true,
      maxLength: 255,
    }),
  password: () =>
    StringField({
      description:
        'Console password: 8-32 characters with upper- and lower-case letters, digits and symbols. Only with ConsoleLogin 1 ' +
        '(otherwise `InvalidParameter.ParamError`); ' +
        'omitted with ConsoleLogin 1, a random 32-character password is generated and returned once.',
      example: 'Str0ng#Passw0rd',
      optional: true,
      maxLength: 128,
    }),
  phone: () =>
    StringField({ description: 'Phone number.', example: '', optional: true, maxLength: 32 }),
  country: () =>
    StringField({
      description: 'Phone country code.',
      example: '86',
      optional: true,
      maxLength: 8,
    }),
  email: () =>
    StringField({ description: 'E-mail address.', example: '', optional: true, maxLength: 128 }),
};

export class AddUserRequest {
  @userName('Sub-user name, unique in the account')
  Name!: string;

  @profileFields.remark()
  Remark?: string;

  @flag('1: the user may log in to a console (a password is set)')
  ConsoleLogin?: number;

  @flag('1: create an API key for the user and return it (SecretId and SecretKey, shown once)')
  UseApi?: number;

  @profileFields.password()
  Password?: string;

  @flag('1: the user must change the password at the next console login')
  NeedResetPassword?: number;

  @profileFields.phone()
  PhoneNum?: string;

  @profileFields.country()
  CountryCode?: string;

  @profileFields.email()
  Email?: string;
}

export class AddUserResponse {
  @Out({ description: 'The new user’s uin', example: 200000000001 })
  Uin!: number;

  @Out({ description: 'User name', example: 'ci-deployer' })
  Name!: string;

  @Out({
    description:
      'The generated console password (ConsoleLogin 1 without Password); else empty. Shown once.',
    example: '',
  })
  Password!: string;

  @Out({ description: 'The API key’s SecretId (UseApi 1); else empty', example: 'AKID…' })
  SecretId!: string;

  @Out({ description: 'The API key’s SecretKey (UseApi 1), shown once; else empty', example: '' })
  SecretKey!: string;

  @Out({ description: 'The user’s UID', example: 10000001 })
  Uid!: number;
}

export class GetUserRequest {
  @userName('Sub-user name')
  Name!: string;
}

export class GetUserResponse {
  @Out({ description: 'Uin', example: 200000000001 })
  Uin!: number;

  @Out({ description: 'Name', example: 'ci-deployer' })
  Name!: string;

  @Out({ description: 'UID', example: 10000001 })
  Uid!: number;

  @Out({ description: 'Remark', example: '' })
  Remark!: string;

  @Out({ description: '1: may log in to a console', example: 0 })
  ConsoleLogin!: number;

  @Out({ description: 'Phone number', example: '' })
  PhoneNum!: string;

  @Out({ description: 'Phone country code', example: '' })
  CountryCode!: string;

  @Out({ description: 'E-mail', example: '' })
  Email!: string;

  @Out({
    description: 'IP of the most recent console login: always empty (this service has no console)',
    example: '',
  })
  RecentlyLoginIP!: string;

  @Out({
    description: 'Time of the most recent console login: always empty (no console)',
    example: '',
  })
  RecentlyLoginTime!: string;
}

export class ListUsersRequest {}

export class SubAccountInfo {
  @Out({ description: 'Uin', example: 200000000001 })
  Uin!: number;

  @Out({ description: 'Name', example: 'ci-deployer' })
  Name!: string;

  @Out({ description: 'UID', example: 10000001 })
  Uid!: number;

  @Out({ description: 'Remark', example: '' })
  Remark!: string;

  @Out({ description: '1: may log in to a console', example: 0 })
  ConsoleLogin!: number;

  @Out({ description: 'Phone number', example: '' })
  PhoneNum!: string;

  @Out({ description: 'Phone country code', example: '' })
  CountryCode!: string;

  @Out({ description: 'E-mail', example: '' })
  Email!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  CreateTime!: string;

  @Out({ description: 'Nickname (the name)', example: 'ci-deployer' })
  NickName!: string;
}

export class ListUsersResponse {
  @Out({ description: 'Every sub-user of the account, oldest first', type: [SubAccountInfo] })
  Data!: SubAccountInfo[];
}

export class UpdateUserRequest {
  @userName('Sub-user name')
  Name!: string;

  @profileFields.remark()
  Remark?: string;

  @flag('1: may log in to a console; 0 removes console access and the password')
  ConsoleLogin?: number;

  @profileFields.password()
  Password?: string;

  @flag('1: must change the password at the next console login')
  NeedResetPassword?: number;

  @profileFields.phone()
  PhoneNum?: string;

  @profileFields.country()
  CountryCode?: string;

  @profileFields.email()
  Email?: string;
}

export class DeleteUserRequest {
  @userName('Sub-user name')
  Name!: string;

  @flag(
    '1: delete the user’s API keys too; otherwise a user with keys is not deleted (OperationDenied.HaveKeys)',
  )
  Force?: number;
}

export class GetUserAppIdRequest {}

export class GetUserAppIdResponse {
  @Out({ description: 'The caller’s uin', example: '100000000001' })
  Uin!: string;

  @Out({ description: 'The root account’s uin', example: '100000000001' })
  OwnerUin!: string;

  @Out({ description: 'The account’s AppId (ROOT_APP_ID)', example: 1300000000 })
  AppId!: number;
}

export class GetAccountSummaryRequest {}

export class GetAccountSummaryResponse {
  @Out({ description: 'Custom policies of the account', example: 3 })
  Policies!: number;

  @Out({ description: 'Roles (this deployment has no CAM roles: 0)', example: 0 })
  Roles!: number;

  @Out({ description: 'Identity providers (none: 0)', example: 0 })
  Idps!: number;

  @Out({ description: 'Sub-users', example: 5 })
  User!: number;

  @Out({ description: 'User groups', example: 2 })
  Group!: number;

  @Out({ description: 'Group memberships (user-group pairs)', example: 4 })
  Member!: number;

  @Out({ description: 'Identity providers (none: 0)', example: 0 })
  IdentityProviders!: number;
}
