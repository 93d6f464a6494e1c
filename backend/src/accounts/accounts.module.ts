import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './account.entity';
import { AccountsService } from './accounts.service';
import { DemoSeedService } from './demo-seed.service';
import { Membership } from './membership.entity';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Account, User, Membership])],
  providers: [AccountsService, DemoSeedService],
  exports: [AccountsService],
})
export class AccountsModule {}
