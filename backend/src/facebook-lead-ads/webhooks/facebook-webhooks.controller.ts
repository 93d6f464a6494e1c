import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/decorators/public.decorator';
import { ServerToServer } from '../../auth/decorators/server-to-server.decorator';
import { DeauthorizeDto, WebhookReceiptResponse } from '../dto/webhook.dto';
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
  @ApiOkResponse({ description: 'hub.challenge, echoed' })
  verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') verifyToken: unknown,
    @Query('hub.challenge') challenge: unknown,
  ): string {
    return this.webhooks.verifySubscription(mode, verifyToken, challenge);
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookReceiptResponse })
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<WebhookReceipt> {
    return this.webhooks.receive(req.rawBody, signature, req.body);
  }

  @Post('deauthorize')
  @HttpCode(200)
  @ApiOkResponse()
  async deauthorize(@Body() body: DeauthorizeDto): Promise<{ received: true }> {
    await this.webhooks.deauthorize(body.signed_request);
    return { received: true };
  }
}
