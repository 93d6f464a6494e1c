import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { ApiErrorResponse } from '../common/error-response';
import { CurrentOrigin, RequestOrigin } from '../common/request-origin.decorator';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { appConfig } from '../config';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { requirePerson } from './caller';
import { ActivityResponse, IntegrationDetailResponse, IntegrationSummaryResponse } from './dto/integration.response';
import { ConnectFlowService } from './flows/connect-flow.service';
import { StartedFlowResponse } from './flows/dto/flow.response';
import { StartConnectDto } from './flows/dto/start-connect.dto';
import { BROWSER_COOKIE, browserSecret } from './flows/flow-state.store';
import { IntegrationError, IntegrationException } from './integration.exception';
import { IntegrationsService } from './integrations.service';
import { ProviderRegistry } from './providers/provider-registry.service';

const ICONS_DIR = join(__dirname, '../../../assets/icons');

@ApiTags('integrations')
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connectFlow: ConnectFlowService,
    private readonly providers: ProviderRegistry,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  @Get()
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.IntegrationsRead)
  @ApiOperation({ operationId: 'listIntegrations', summary: 'The catalog, with this account’s status of each integration' })
  @ApiOkResponse({ type: [IntegrationSummaryResponse] })
  list(@CurrentUser() caller: AuthUser): Promise<IntegrationSummaryResponse[]> {
    return this.integrations.list(caller.accountId);
  }

  @Get(':key')
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.IntegrationsRead)
  @ApiOperation({
    operationId: 'getIntegration',
    summary: 'One integration with its connection, or its setup when unconfigured',
  })
  @ApiOkResponse({ type: IntegrationDetailResponse })
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration)
  detail(@CurrentUser() caller: AuthUser, @Param('key') key: string): Promise<IntegrationDetailResponse> {
    return this.integrations.detail(caller.accountId, key);
  }

  /** Icons ship with the app (no third-party URLs), so the catalog renders offline and leaks nothing. */
  @Public()
  @Get(':key/icon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOperation({ operationId: 'getIntegrationIcon', summary: 'The integration’s logo' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration)
  icon(@Param('key') key: string): StreamableFile {
    const provider = this.providers.get(key);
    const file = join(ICONS_DIR, `${provider.key}.svg`);
    if (!existsSync(file)) throw new IntegrationException(IntegrationError.UnknownIntegration);
    return new StreamableFile(createReadStream(file));
  }

  @Post(':key/connect')
  @Roles(Role.ChannelsAdmin)
  @ApiOperation({ operationId: 'startConnect', summary: 'Starts a connect (or reconnect) flow; open authorizeUrl in the popup' })
  @ApiBody({ type: StartConnectDto, required: false })
  @ApiCreatedResponse({ type: StartedFlowResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration)
  @ApiErrorResponse(409, IntegrationError.AlreadyConnected)
  @ApiErrorResponse(422, IntegrationError.NotConfigured)
  async connect(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Body() body: StartConnectDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<StartedFlowResponse> {
    const { started, browserSecret: browser } = await this.connectFlow.start(
      requirePerson(caller),
      key,
      browserSecret(req),
      origin,
      body.reconnect === true ? 'reconnect' : 'connect',
    );
    // Binds the flow to this browser: the callback must come back with it (DESIGN §5).
    res.cookie(BROWSER_COOKIE, browser, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.app.appUrl.startsWith('https:'),
      path: '/api/v1/integrations',
      maxAge: 24 * 3600_000,
    });
    return started;
  }

  @Delete(':key/connection')
  @Roles(Role.ChannelsAdmin)
  @HttpCode(204)
  @ApiOperation({ operationId: 'disconnect', summary: 'Deletes the connection and revokes its tokens at the provider' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration, IntegrationError.NotConnected)
  disconnect(@CurrentUser() caller: AuthUser, @Param('key') key: string, @CurrentOrigin() origin: RequestOrigin): Promise<void> {
    return this.integrations.disconnect(requirePerson(caller), key, origin);
  }

  @Get(':key/activity')
  @Roles(Role.ChannelsAdmin)
  @ApiOperation({ operationId: 'listActivity', summary: 'Audit events of the integration, newest first' })
  @ApiOkResponse({ type: [ActivityResponse] })
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration)
  activity(@CurrentUser() caller: AuthUser, @Param('key') key: string): Promise<ActivityResponse[]> {
    return this.integrations.activity(caller.accountId, key);
  }
}
