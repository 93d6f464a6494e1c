import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, UserCaller } from '../auth/auth-user';
import { AuthError, AuthException } from '../auth/auth.exception';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import {
  CreatedWebhookEndpointResponse,
  QueuedDeliveryResponse,
  RotatedSecretResponse,
  WebhookDeliveryListResponse,
  WebhookEndpointListResponse,
  WebhookEndpointResponse,
} from './dto/webhook-endpoint.response';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookError } from './webhooks.exception';

const uuid = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException({ error: VALIDATION_FAILED, message: `${name} must be a UUID` }),
  });

/** No `@Scopes`: the guard refuses API keys here, so the caller is always a person. */
function person(caller: AuthUser): UserCaller {
  if (caller.kind !== 'user') throw new AuthException(AuthError.ForbiddenApiKey);
  return caller;
}

/** Outbound webhook endpoints of the caller's account: Channels Administrators in a session only. */
@ApiTags('webhooks')
@Roles(Role.ChannelsAdmin)
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: "The account's webhook endpoints" })
  @ApiOkResponse({ type: WebhookEndpointListResponse })
  async list(@CurrentUser() caller: AuthUser): Promise<WebhookEndpointListResponse> {
    return { data: await this.endpoints.list(caller.accountId) };
  }

  @Post()
  @ApiOperation({ operationId: 'createWebhookEndpoint', summary: 'Adds an endpoint; its signing secret is shown once' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED, WebhookError.UrlNotAllowed)
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointResponse> {
    return this.endpoints.create(person(caller), body);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateWebhookEndpoint', summary: 'Changes the URL or event types, or disables/enables it' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED, WebhookError.UrlNotAllowed)
  @ApiErrorResponse(404, WebhookError.EndpointNotFound)
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuid('id')) id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointResponse> {
    return this.endpoints.update(person(caller), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Deletes the endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, WebhookError.EndpointNotFound)
  remove(@CurrentUser() caller: AuthUser, @Param('id', uuid('id')) id: string): Promise<void> {
    return this.endpoints.remove(person(caller), id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ operationId: 'sendWebhookTest', summary: 'Queues a signed webhook.test message to the endpoint' })
  @ApiAcceptedResponse({ type: QueuedDeliveryResponse })
  @ApiErrorResponse(404, WebhookError.EndpointNotFound)
  @ApiErrorResponse(409, WebhookError.EndpointDisabled)
  async test(@CurrentUser() caller: AuthUser, @Param('id', uuid('id')) id: string): Promise<QueuedDeliveryResponse> {
    return { deliveryId: await this.endpoints.sendTest(caller.accountId, id) };
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateWebhookSecret', summary: 'A new signing secret; the old one keeps signing for 24 h' })
  @ApiOkResponse({ type: RotatedSecretResponse })
  @ApiErrorResponse(404, WebhookError.EndpointNotFound)
  async rotateSecret(@CurrentUser() caller: AuthUser, @Param('id', uuid('id')) id: string): Promise<RotatedSecretResponse> {
    return { secret: await this.endpoints.rotateSecret(person(caller), id) };
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'Recent deliveries to the endpoint, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryListResponse })
  @ApiErrorResponse(404, WebhookError.EndpointNotFound)
  async deliveries(@CurrentUser() caller: AuthUser, @Param('id', uuid('id')) id: string): Promise<WebhookDeliveryListResponse> {
    return { data: await this.endpoints.listDeliveries(caller.accountId, id) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ operationId: 'redeliverWebhook', summary: 'Sends a delivered or failed message again (same webhook-id)' })
  @ApiAcceptedResponse({ type: QueuedDeliveryResponse })
  @ApiErrorResponse(404, WebhookError.EndpointNotFound, WebhookError.DeliveryNotFound)
  @ApiErrorResponse(409, WebhookError.EndpointDisabled)
  async redeliver(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuid('id')) id: string,
    @Param('deliveryId', uuid('deliveryId')) deliveryId: string,
  ): Promise<QueuedDeliveryResponse> {
    return { deliveryId: await this.endpoints.redeliver(caller.accountId, id, deliveryId) };
  }
}
