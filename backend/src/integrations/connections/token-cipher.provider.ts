import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecuritySettings } from '../../config';
import { TokenCipher } from './token-cipher';

export const TOKEN_CIPHER = Symbol('TOKEN_CIPHER');

export const tokenCipherProvider: Provider = {
  provide: TOKEN_CIPHER,
  inject: [ConfigService],
  useFactory: (config: ConfigService) => new TokenCipher(config.getOrThrow<SecuritySettings>('security').tokenKeys),
};
