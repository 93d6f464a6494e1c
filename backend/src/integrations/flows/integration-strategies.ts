import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import passport from 'passport';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { RuntimeProvider } from '../providers/runtime-provider';
import { CallbackResult, ProviderAnswer } from './callback-result';
import { FlowStateStore } from './flow-state.store';
import { OAuthFlowsService } from './oauth-flows.service';
import { IntegrationOAuth2Strategy } from './passport-oauth2.adapter';

/** The callback's answer with the state and integration that name its flow. */
export function callbackResult(req: Request, integrationKey: string, answer: ProviderAnswer): CallbackResult {
  const state = req.query.state;
  return { integrationKey, state: typeof state === 'string' ? state : '', answer };
}

/**
 * One named passport-oauth2 strategy per configured provider (`integration:<key>`), built from the
 * catalog. The verify step returns the grant as `req.user`; storing it is the flow's job, not Passport's.
 */
@Injectable()
export class IntegrationStrategies implements OnModuleInit {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly flows: OAuthFlowsService,
  ) {}

  onModuleInit(): void {
    for (const provider of this.providers.all().filter((p) => p.configured)) {
      passport.use(provider.strategyName, this.build(provider));
    }
  }

  private build(provider: RuntimeProvider): IntegrationOAuth2Strategy {
    const { definition, settings } = provider;
    const strategy = new IntegrationOAuth2Strategy({
      options: {
        authorizationURL: settings.endpoints.authorizeUrl,
        tokenURL: settings.endpoints.tokenUrl,
        clientID: settings.clientId,
        clientSecret: settings.clientSecret,
        // Absolute, from APP_URL: never derived from Host or X-Forwarded-* headers.
        callbackURL: provider.redirectUri,
        scope: definition.scopes,
        scopeSeparator: definition.scopeSeparator,
        // passport-oauth2 maps `true` to S256.
        pkce: definition.pkce,
      },
      store: new FlowStateStore(provider.key, this.flows),
      exchangeCode: (code, codeVerifier) => provider.exchangeCode(code, codeVerifier),
      grant: (req, tokens) => callbackResult(req, provider.key, { kind: 'grant', tokens }),
    });
    strategy.authorizationParams = () => ({ ...definition.authorizeParams });
    return strategy;
  }
}
