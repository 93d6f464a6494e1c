import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Role } from '../roles/role.enum';
import { ApiErrorResponse } from '../common/error-response';
import { Roles } from '../roles/roles.decorator';
import { requirePerson } from './caller';
import { FlowResponse, toFlowResponse } from './dto/integration.response';
import { OAuthFlowsService } from './flows/oauth-flows.service';
import { IntegrationError, IntegrationException } from './integration.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opener polls here: the server, not a popup message, is the authority on how a flow ended. */
@ApiTags('integrations')
@Controller('integrations/flows')
export class OAuthFlowsController {
  constructor(private readonly flows: OAuthFlowsService) {}

  @Get(':flowId')
  @Roles(Role.ChannelsAdmin)
  @ApiOperation({ operationId: 'getFlow', summary: 'How a connect flow stands; the opener polls it' })
  @ApiOkResponse({ type: FlowResponse })
  @ApiErrorResponse(404, IntegrationError.FlowNotFound)
  async get(@CurrentUser() caller: AuthUser, @Param('flowId') flowId: string): Promise<FlowResponse> {
    if (!UUID.test(flowId)) throw new IntegrationException(IntegrationError.FlowNotFound);
    return toFlowResponse(await this.flows.findForUser(requirePerson(caller), flowId));
  }

  @Delete(':flowId')
  @Roles(Role.ChannelsAdmin)
  @HttpCode(204)
  @ApiOperation({ operationId: 'cancelFlow', summary: 'Cancels a pending connect flow' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, IntegrationError.FlowNotFound)
  @ApiErrorResponse(409, IntegrationError.FlowNotPending)
  async cancel(@CurrentUser() caller: AuthUser, @Param('flowId') flowId: string): Promise<void> {
    if (!UUID.test(flowId)) throw new IntegrationException(IntegrationError.FlowNotFound);
    await this.flows.cancel(requirePerson(caller), flowId);
  }
}
