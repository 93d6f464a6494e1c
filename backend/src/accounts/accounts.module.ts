import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig } from '../config';
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
      inject: [authConfig.KEY],
      useFactory: (auth: ConfigType<typeof authConfig>) => new PasswordHasher(auth.passwordHashCost),
    },
  ],
  exports: [AccountsService, PasswordHasher],
})
export class AccountsModule {}
