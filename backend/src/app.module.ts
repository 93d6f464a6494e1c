import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, CONFIG_NAMESPACES } from './config';
import { loggerParams } from './common/logging';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ContactsModule } from './contacts/contacts.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { FacebookLeadAdsModule } from './facebook-lead-ads/facebook-lead-ads.module';
import { HealthModule } from './health/health.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { LeadDestinationsModule } from './lead-destinations/lead-destinations.module';
import { MetricsModule } from './metrics/metrics.module';
import { validateSettings } from './settings';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Built at call time so each app instance (and each test) reads the environment as it is then. */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    // Validate here, synchronously: a bad setting must stop start-up before any module is built.
    validateSettings(process.env);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateSettings, load: CONFIG_NAMESPACES }),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: ({ logLevel, logFile, logFormat }: ConfigType<typeof appConfig>) =>
            loggerParams(logLevel, { file: logFile, format: logFormat }),
        }),
        ScheduleModule.forRoot(),
        DatabaseModule,
        MetricsModule,
        HealthModule,
        AccountsModule,
        AuthModule,
        AuditModule,
        EventsModule,
        IntegrationsModule,
        ContactsModule,
        FacebookLeadAdsModule,
        HousekeepingModule,
        WebhooksModule,
        LeadDestinationsModule,
      ],
    };
  }
}
