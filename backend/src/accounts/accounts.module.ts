import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthSettings } from '../config';
import { Account } from './account.entity';
import { AccountsService } from './accounts.service';
import { DemoSeedService } from './demo-seed.service';
import { Membership } from './membership.entity';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Account, User, Membership])],
  providers: [
    AccountsService,
    DemoSeedService,
    {
      provide: PasswordHasher,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => new PasswordHasher(config.getOrThrow<AuthSettings>('auth').passwordHashCost),
    },
  ],
  exports: [AccountsService, PasswordHasher],
})
export class AccountsModule {}
