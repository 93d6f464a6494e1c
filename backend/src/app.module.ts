import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AppSettings, CONFIG_NAMESPACES, validateEnv } from './config';
import { loggerParams } from './common/logging';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IntegrationsModule } from './integrations/integrations.module';

/** Built at call time so each app instance (and each test) reads the environment as it is then. */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    // Validate here, synchronously: a bad setting must stop start-up before any module is built.
    validateEnv(process.env);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv, load: CONFIG_NAMESPACES }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => loggerParams(config.getOrThrow<AppSettings>('app').logLevel),
        }),
        DatabaseModule,
        HealthModule,
        AccountsModule,
        AuthModule,
        AuditModule,
        IntegrationsModule,
      ],
    };
  }
}
