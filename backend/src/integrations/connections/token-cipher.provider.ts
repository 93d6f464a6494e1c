import { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { securityConfig } from '../../config';
import { TokenCipher } from './token-cipher';

export const TOKEN_CIPHER = Symbol('TOKEN_CIPHER');

export const tokenCipherProvider: Provider = {
  provide: TOKEN_CIPHER,
  inject: [securityConfig.KEY],
  useFactory: (security: ConfigType<typeof securityConfig>) => new TokenCipher(security.tokenKeys),
};
