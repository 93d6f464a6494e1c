import { Controller, Delete, Get, Header, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { RequestOrigin } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { CurrentOrigin } from '../common/request-origin.decorator';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { requirePerson } from './caller';
import {
  ActivityResponse,
  IntegrationDetailResponse,
  IntegrationSummaryResponse,
  StartedFlowResponse,
} from './dto/integration.response';
import { ConnectFlowService } from './flows/connect-flow.service';
import { IntegrationError, IntegrationException } from './integration.exception';
import { IntegrationsService } from './integrations.service';
import { BROWSER_COOKIE } from './oauth/flow-state.store';
import { ProviderRegistry } from './oauth/provider-registry.service';

const ICONS_DIR = join(__dirname, '../../../assets/icons');

@ApiTags('integrations')
@ApiCookieAuth()
@ApiBearerAuth()
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connectFlow: ConnectFlowService,
    private readonly providers: ProviderRegistry,
  ) {}

  @Get()
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.IntegrationsRead)
  @ApiOkResponse({ type: [IntegrationSummaryResponse] })
  list(@CurrentUser() caller: AuthUser): Promise<IntegrationSummaryResponse[]> {
    return this.integrations.list(caller.accountId);
  }

  @Get(':key')
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.IntegrationsRead)
  @ApiOkResponse({ type: IntegrationDetailResponse })
  detail(@CurrentUser() caller: AuthUser, @Param('key') key: string): Promise<IntegrationDetailResponse> {
    return this.integrations.detail(caller.accountId, key);
  }

  /** Icons ship with the app (no third-party URLs), so the catalog renders offline and leaks nothing. */
  @Public()
  @Get(':key/icon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  icon(@Param('key') key: string): StreamableFile {
    const provider = this.providers.get(key);
    const file = join(ICONS_DIR, `${provider.key}.svg`);
    if (!existsSync(file)) throw new IntegrationException(IntegrationError.UnknownIntegration);
    return new StreamableFile(createReadStream(file));
  }

  @Post(':key/connect')
  @Roles(Role.ChannelsAdmin)
  @ApiCreatedResponse({ type: StartedFlowResponse })
  connect(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<StartedFlowResponse> {
    return this.connectFlow.start(requirePerson(caller), key, req.cookies?.[BROWSER_COOKIE] as string | undefined, res, origin);
  }

  @Delete(':key/connection')
  @Roles(Role.ChannelsAdmin)
  @HttpCode(204)
  @ApiNoContentResponse()
  disconnect(@CurrentUser() caller: AuthUser, @Param('key') key: string, @CurrentOrigin() origin: RequestOrigin): Promise<void> {
    return this.integrations.disconnect(requirePerson(caller), key, origin);
  }

  @Get(':key/activity')
  @Roles(Role.ChannelsAdmin)
  @ApiOkResponse({ type: [ActivityResponse] })
  activity(@CurrentUser() caller: AuthUser, @Param('key') key: string): Promise<ActivityResponse[]> {
    return this.integrations.activity(caller.accountId, key);
  }
}
