import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../../common/error-response';
import { CurrentOrigin, RequestOrigin } from '../../common/request-origin.decorator';
import { Role } from '../../roles/role.enum';
import { Roles } from '../../roles/roles.decorator';
import { requirePerson } from '../caller';
import { IntegrationError } from '../integration.exception';
import { ConnectionCheckService } from './connection-check.service';
import { ConnectionHealthResponse } from '../connections/connection-health.response';

@ApiTags('integrations')
@Controller('integrations')
export class ConnectionHealthController {
  constructor(private readonly checks: ConnectionCheckService) {}

  @Post(':key/connection/test')
  @Roles(Role.ChannelsAdmin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'testConnection',
    summary: "Calls the provider's identity endpoint with the stored token and records the connection's health",
  })
  @ApiOkResponse({ type: ConnectionHealthResponse })
  @ApiErrorResponse(404, IntegrationError.UnknownIntegration, IntegrationError.NotConnected)
  test(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<ConnectionHealthResponse> {
    return this.checks.test(requirePerson(caller), key, origin);
  }
}
