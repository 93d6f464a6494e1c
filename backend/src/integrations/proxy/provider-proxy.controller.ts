import { applyDecorators, Controller, Delete, Get, Header, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { Scopes } from '../../auth/decorators/scopes.decorator';
import { Scope } from '../../auth/scope.enum';
import { ApiErrorResponse } from '../../common/error-response';
import { CurrentOrigin, RequestOrigin } from '../../common/request-origin.decorator';
import { Role } from '../../roles/role.enum';
import { Roles } from '../../roles/roles.decorator';
import { IntegrationError } from '../integration.exception';
import { CredentialsService } from './credentials.service';
import { CredentialsResponse } from './dto/credentials.response';
import type { ProxyRequest } from './proxy-body.middleware';
import { ProxyError, ProxyException } from './proxy.exception';
import { ProviderProxyService } from './provider-proxy.service';

const PROXY_ROUTE = ':key/proxy/*path';
/** The request target after `/integrations/<key>/proxy`, query included, exactly as the caller wrote it. */
const PROXIED_PART = /^\/[^?]*\/integrations\/[^/?]+\/proxy(\/[^]*)$/;

/** One verb of the proxy, documented as its own operation (a service needs to know each is there). */
function ProxyOperation(operationId: string, method: string) {
  return applyDecorators(
    Roles(Role.ChannelsAdmin),
    Scopes(Scope.IntegrationsProxy),
    ApiOperation({
      operationId,
      summary: `${method} to the connected provider's API as the connection`,
      description:
        'Forwards to the provider API base with a fresh bearer token (refreshed once on a 401). The status, body, ' +
        'content type and rate-limit headers are the provider’s.',
    }),
    ApiOkResponse({ description: 'The provider’s answer, relayed (any status).' }),
    ApiErrorResponse(400, ProxyError.InvalidPath),
    ApiErrorResponse(404, IntegrationError.UnknownIntegration, IntegrationError.NotConnected),
    ApiErrorResponse(409, IntegrationError.ReauthRequired),
    ApiErrorResponse(413, ProxyError.BodyTooLarge),
    ApiErrorResponse(502, ProxyError.ProviderUnreachable, ProxyError.ForeignRedirect, IntegrationError.ProviderUnavailable),
    ApiErrorResponse(504, ProxyError.ProviderTimeout),
  );
}

interface RelayArgs {
  caller: AuthUser;
  key: string;
  req: ProxyRequest;
  res: Response;
  origin: RequestOrigin;
}

@ApiTags('integrations')
@Controller('integrations')
export class ProviderProxyController {
  constructor(
    private readonly proxy: ProviderProxyService,
    private readonly credentials: CredentialsService,
  ) {}

  @Get(':key/connection/credentials')
  @Scopes(Scope.IntegrationsCredentials)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getConnectionCredentials',
    summary: 'The connection’s access token, valid for at least 5 minutes (API keys only; every read is audited)',
  })
  @ApiOkResponse({ type: CredentialsResponse })
  @ApiErrorResponse(403, ProxyError.SessionNotAllowed)
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration, IntegrationError.NotConnected)
  @ApiErrorResponse(409, IntegrationError.ReauthRequired)
  @ApiErrorResponse(502, IntegrationError.ProviderUnavailable)
  readCredentials(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<CredentialsResponse> {
    // A token in a browser is a token in every extension and XSS payload; only services get one.
    if (caller.kind !== 'api_key') throw new ProxyException(ProxyError.SessionNotAllowed);
    return this.credentials.read(caller, key, origin);
  }

  @Get(PROXY_ROUTE)
  @ProxyOperation('proxyGet', 'GET')
  proxyGet(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: ProxyRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ) {
    return this.relay({ caller, key, req, res, origin });
  }

  @Post(PROXY_ROUTE)
  @ProxyOperation('proxyPost', 'POST')
  proxyPost(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: ProxyRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ) {
    return this.relay({ caller, key, req, res, origin });
  }

  @Put(PROXY_ROUTE)
  @ProxyOperation('proxyPut', 'PUT')
  proxyPut(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: ProxyRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ) {
    return this.relay({ caller, key, req, res, origin });
  }

  @Patch(PROXY_ROUTE)
  @ProxyOperation('proxyPatch', 'PATCH')
  proxyPatch(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: ProxyRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ) {
    return this.relay({ caller, key, req, res, origin });
  }

  @Delete(PROXY_ROUTE)
  @ProxyOperation('proxyDelete', 'DELETE')
  proxyDelete(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Req() req: ProxyRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ) {
    return this.relay({ caller, key, req, res, origin });
  }

  private async relay({ caller, key, req, res, origin }: RelayArgs): Promise<void> {
    const path = PROXIED_PART.exec(req.originalUrl)?.[1];
    if (path === undefined) throw new ProxyException(ProxyError.InvalidPath);
    const answer = await this.proxy.forward({
      caller,
      key,
      method: req.method,
      path,
      headers: req.headers,
      body: req.proxyBody,
      origin,
    });
    // The provider's body is served from the app's origin: whatever its type, a browser must not run it.
    // `Aurora-Proxied` tells a caller this answer (error or not) is the provider's, not the app's.
    res
      .status(answer.status)
      .set(answer.headers)
      .set({
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Aurora-Proxied': key,
      })
      .send(answer.body);
  }
}
