import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '../health/health.module';
import { housekeepingConfig } from './housekeeping.config';
import { HousekeepingService } from './housekeeping.service';

@Module({
  imports: [ConfigModule.forFeature(housekeepingConfig), HealthModule],
  providers: [HousekeepingService],
  exports: [HousekeepingService],
})
export class HousekeepingModule {}
