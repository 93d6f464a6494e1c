import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ApiKey } from './entities/api-key.entity';
import { LoginAttempt } from './entities/login-attempt.entity';
import { Session } from './entities/session.entity';
import { ApiKeyRateLimitGuard } from './guards/api-key-rate-limit.guard';
import { AuthenticationGuard } from './guards/authentication.guard';
import { OriginGuard } from './guards/origin.guard';
import { RolesGuard } from './guards/roles.guard';
import { ScopesGuard } from './guards/scopes.guard';
import { LoginThrottleService } from './login-throttle.service';
import { ApiKeyRateLimitService } from './rate-limit/api-key-rate-limit.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [AccountsModule, TypeOrmModule.forFeature([Session, ApiKey, LoginAttempt])],
  controllers: [AuthController, ApiKeysController],
  providers: [
    SessionsService,
    ApiKeysService,
    LoginThrottleService,
    ApiKeyRateLimitService,
    AuthService,
    // Order matters: reject foreign origins, authenticate, count the key's request, then authorise.
    { provide: APP_GUARD, useClass: OriginGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ApiKeyRateLimitGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: ScopesGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
