import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { Connection } from './connections/connection.entity';
import { ConnectionsService } from './connections/connections.service';
import { tokenCipherProvider } from './connections/token-cipher.provider';
import { TokenRefreshScheduler } from './connections/token-refresh.scheduler';
import { TokenRefreshService } from './connections/token-refresh.service';
import { ConnectionCheckService } from './health/connection-check.service';
import { ConnectionHealthController } from './health/connection-health.controller';
import { ConnectionHealthService } from './connections/connection-health.service';
import { ConnectFlowService } from './flows/connect-flow.service';
import { OAuthFlow } from './flows/oauth-flow.entity';
import { OAuthFlowsService } from './flows/oauth-flows.service';
import { IntegrationStrategies } from './flows/integration-strategies';
import { OAuthCallbackController } from './flows/oauth-callback.controller';
import { OAuthFlowsController } from './flows/oauth-flows.controller';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { ProviderRegistry } from './providers/provider-registry.service';
import { providersConfig } from './providers/providers.config';
import { ConnectionUsage } from './proxy/connection-usage.entity';
import { ConnectionUsageService } from './proxy/connection-usage.service';
import { CredentialsService } from './proxy/credentials.service';
import { ProviderProxyController } from './proxy/provider-proxy.controller';
import { ProviderProxyService } from './proxy/provider-proxy.service';
import { proxyConfig } from './proxy/proxy.config';
import { RevocationTask } from './revocation/revocation-task.entity';
import { RevocationMetrics } from './revocation/revocation.metrics';
import { RevocationService } from './revocation/revocation.service';

@Module({
  imports: [
    ConfigModule.forFeature(providersConfig),
    ConfigModule.forFeature(proxyConfig),
    TypeOrmModule.forFeature([OAuthFlow, Connection, RevocationTask, ConnectionUsage]),
    AuditModule,
    AccountsModule,
    EventsModule,
  ],
  // The flows controller comes first so `/integrations/flows/:id` is never read as an integration key.
  controllers: [
    OAuthFlowsController,
    OAuthCallbackController,
    IntegrationsController,
    ProviderProxyController,
    ConnectionHealthController,
  ],
  providers: [
    tokenCipherProvider,
    ProviderRegistry,
    ConnectionHealthService,
    TokenRefreshService,
    ConnectionsService,
    TokenRefreshScheduler,
    ConnectionCheckService,
    OAuthFlowsService,
    ConnectFlowService,
    IntegrationStrategies,
    RevocationService,
    RevocationMetrics,
    IntegrationsService,
    ConnectionUsageService,
    ProviderProxyService,
    CredentialsService,
  ],
  exports: [ProviderRegistry, ConnectionsService, ConnectionHealthService, tokenCipherProvider],
})
export class IntegrationsModule {}
