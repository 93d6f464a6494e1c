import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/decorators/public.decorator';
import { ServerToServer } from '../../auth/decorators/server-to-server.decorator';
import { ApiErrorResponse } from '../../common/error-response';
import { VALIDATION_FAILED } from '../../common/validation.pipe';
import { DeauthorizeDto, DeauthorizeReceiptResponse, WebhookReceiptResponse } from '../dto/webhook.dto';
import { FacebookLeadAdsError } from '../facebook-lead-ads.exception';
import { FacebookWebhooksService, WebhookReceipt } from './facebook-webhooks.service';

/** Called by Facebook, not by people: authenticated by the app secret (signatures) and the verify token. */
@ApiTags('webhooks')
@Public()
@ServerToServer()
@Controller('webhooks/facebook')
export class FacebookWebhooksController {
  constructor(private readonly webhooks: FacebookWebhooksService) {}

  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ operationId: 'verifyFacebookWebhook', summary: 'Facebook’s subscription check: echoes hub.challenge' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'hub.challenge, echoed', schema: { type: 'string' } })
  @ApiErrorResponse(403, FacebookLeadAdsError.VerificationFailed)
  verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') verifyToken: unknown,
    @Query('hub.challenge') challenge: unknown,
  ): string {
    return this.webhooks.verifySubscription(mode, verifyToken, challenge);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'receiveFacebookWebhook', summary: 'Signed leadgen change notifications from Facebook' })
  @ApiOkResponse({ type: WebhookReceiptResponse })
  @ApiErrorResponse(400, FacebookLeadAdsError.InvalidWebhook)
  @ApiErrorResponse(401, FacebookLeadAdsError.InvalidSignature)
  @ApiErrorResponse(503, FacebookLeadAdsError.WebhookNotStored)
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<WebhookReceipt> {
    return this.webhooks.receive(req.rawBody, signature, req.body);
  }

  @Post('deauthorize')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deauthorizeFacebook', summary: 'Facebook’s deauthorize callback: forgets the stored tokens' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ type: DeauthorizeReceiptResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  @ApiErrorResponse(401, FacebookLeadAdsError.InvalidSignature)
  async deauthorize(@Body() body: DeauthorizeDto): Promise<DeauthorizeReceiptResponse> {
    await this.webhooks.deauthorize(body.signed_request);
    return { received: true };
  }
}
