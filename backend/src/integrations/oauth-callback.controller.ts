import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { CurrentOrigin, RequestOrigin } from '../common/request-origin.decorator';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { requirePerson } from './caller';
import { ConnectFlowService } from './flows/connect-flow.service';
import { FlowRequest } from './oauth/flow-state.store';

/** Browser-facing steps of the connect flow, opened in the popup rather than called by scripts. */
@ApiExcludeController()
@Controller('integrations')
export class OAuthCallbackController {
  constructor(private readonly connectFlow: ConnectFlowService) {}

  /** The popup's first stop: the provider's Passport strategy redirects it to the provider. */
  @Get(':key/authorize')
  @Roles(Role.ChannelsAdmin)
  authorize(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Query('flow') flowId: unknown,
    @Req() req: FlowRequest,
    @Res() res: Response,
  ): Promise<void> {
    return this.connectFlow.authorize(requirePerson(caller), key, typeof flowId === 'string' ? flowId : '', req, res);
  }

  /** The provider's redirect back; authenticated by the flow's state and browser binding, not a session. */
  @Public()
  @Get(':key/callback')
  callback(
    @Param('key') key: string,
    @Req() req: FlowRequest,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<void> {
    return this.connectFlow.callback(key, req, res, origin);
  }
}
