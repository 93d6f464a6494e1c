import { Controller, Get, Inject, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/decorators/public.decorator';
import { CurrentOrigin, RequestOrigin } from '../../common/request-origin.decorator';
import { appConfig } from '../../config';
import { Role } from '../../roles/role.enum';
import { Roles } from '../../roles/roles.decorator';
import { CallbackPageException } from './callback-page';
import { CallbackPageFilter } from './callback-page.filter';
import { CallbackResult, PassportCallback } from './callback-result';
import { ConnectFlowService } from './connect-flow.service';
import { browserSecret } from './flow-state.store';
import { IntegrationOAuthGuard } from './integration-oauth.guard';

/** Browser-facing steps of the connect flow, opened in the popup rather than called by scripts. */
@ApiExcludeController()
@Controller('integrations')
@UseFilters(CallbackPageFilter)
export class OAuthCallbackController {
  constructor(
    private readonly connectFlow: ConnectFlowService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** The popup's first stop: the guard's Passport strategy redirects it to the provider. */
  @Get(':key/authorize')
  @Roles(Role.ChannelsAdmin)
  @UseGuards(IntegrationOAuthGuard)
  authorize(): never {
    // Only reached when Passport did not redirect (a code or error sent to the wrong route).
    throw new CallbackPageException('This link cannot be used', 'The authorization could not start.');
  }

  /** The provider's redirect back; authenticated by the flow's state and browser binding, not a session. */
  @Public()
  @Get(':key/callback')
  @UseGuards(IntegrationOAuthGuard)
  async callback(
    @PassportCallback() result: CallbackResult,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const flowId = await this.connectFlow.complete(result, browserSecret(req), origin);
    if (!flowId) {
      throw new CallbackPageException(
        'This authorization link is no longer valid',
        'It was already used, has expired, or belongs to another integration.',
      );
    }
    res.redirect(303, `${this.app.appUrl}/oauth/complete?flow=${encodeURIComponent(flowId)}`);
  }
}
