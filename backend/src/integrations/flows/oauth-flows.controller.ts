import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../../common/error-response';
import { Role } from '../../roles/role.enum';
import { Roles } from '../../roles/roles.decorator';
import { requirePerson } from '../caller';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { FlowResponse, toFlowResponse } from './dto/flow.response';
import { OAuthFlowsService } from './oauth-flows.service';

/** A malformed flow id is just another flow that does not exist. */
const FLOW_ID = new ParseUUIDPipe({ exceptionFactory: () => new IntegrationException(IntegrationError.FlowNotFound) });

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
  async get(@CurrentUser() caller: AuthUser, @Param('flowId', FLOW_ID) flowId: string): Promise<FlowResponse> {
    return toFlowResponse(await this.flows.findForUser(requirePerson(caller), flowId));
  }

  @Delete(':flowId')
  @Roles(Role.ChannelsAdmin)
  @HttpCode(204)
  @ApiOperation({ operationId: 'cancelFlow', summary: 'Cancels a pending connect flow' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, IntegrationError.FlowNotFound)
  @ApiErrorResponse(409, IntegrationError.FlowNotPending)
  async cancel(@CurrentUser() caller: AuthUser, @Param('flowId', FLOW_ID) flowId: string): Promise<void> {
    await this.flows.cancel(requirePerson(caller), flowId);
  }
}
