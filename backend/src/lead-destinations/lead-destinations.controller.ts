import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { IntegrationError } from '../integrations/integration.exception';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { DESTINATIONS } from './destinations';
import {
  LeadDeliveryResponse,
  LeadDestinationResponse,
  LookupPageResponse,
  TestDeliveryResponse,
} from './dto/lead-destination.response';
import { DeliveriesQueryDto, LookupQueryDto } from './dto/lookup-query.dto';
import { LeadDestinationError } from './lead-destinations.exception';
import { LeadDestinationsService } from './lead-destinations.service';

const SETTINGS_TYPES = DESTINATIONS.map((destination) => destination.settingsType);
const SETTINGS_BODY = { schema: { oneOf: SETTINGS_TYPES.map((type) => ({ $ref: getSchemaPath(type) })) } };

/** Where new leads go through Slack, Google Sheets, …: Channels Administrators only. */
@ApiTags('lead-destinations')
@ApiExtraModels(...SETTINGS_TYPES)
@Roles(Role.ChannelsAdmin)
@Controller('integrations/:key/destination')
export class LeadDestinationsController {
  constructor(private readonly destinations: LeadDestinationsService) {}

  @Get()
  @ApiOperation({ operationId: 'getLeadDestination', summary: 'Settings and last delivered / last error' })
  @ApiOkResponse({ type: LeadDestinationResponse })
  @ApiErrorResponse(404, LeadDestinationError.NotSupported)
  get(@CurrentUser() caller: AuthUser, @Param('key') key: string): Promise<LeadDestinationResponse> {
    return this.destinations.get(caller.accountId, key);
  }

  @Put()
  @ApiOperation({ operationId: 'saveLeadDestination', summary: 'Saves where and which leads are sent' })
  @ApiBody(SETTINGS_BODY)
  @ApiOkResponse({ type: LeadDestinationResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  @ApiErrorResponse(404, LeadDestinationError.NotSupported)
  save(@CurrentUser() caller: AuthUser, @Param('key') key: string, @Body() body: object): Promise<LeadDestinationResponse> {
    return this.destinations.save(caller.accountId, key, body);
  }

  @Get('deliveries')
  @ApiOperation({ operationId: 'listLeadDeliveries', summary: 'The newest deliveries of this destination' })
  @ApiOkResponse({ type: [LeadDeliveryResponse] })
  @ApiErrorResponse(404, LeadDestinationError.NotSupported)
  deliveries(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<LeadDeliveryResponse[]> {
    return this.destinations.deliveries(caller.accountId, key, query.limit);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ operationId: 'testLeadDestination', summary: 'Sends a test lead with these settings' })
  @ApiBody(SETTINGS_BODY)
  @ApiOkResponse({ type: TestDeliveryResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  @ApiErrorResponse(404, LeadDestinationError.NotSupported, IntegrationError.NotConnected)
  @ApiErrorResponse(409, LeadDestinationError.ReauthRequired)
  @ApiErrorResponse(422, LeadDestinationError.ProviderRefused)
  test(@CurrentUser() caller: AuthUser, @Param('key') key: string, @Body() body: object): Promise<TestDeliveryResponse> {
    return this.destinations.test(caller.accountId, key, body);
  }

  @Get('lookups/:name')
  @ApiOperation({ operationId: 'lookupLeadDestination', summary: 'Channels, spreadsheets or sheets to pick from' })
  @ApiOkResponse({ type: LookupPageResponse })
  @ApiErrorResponse(404, LeadDestinationError.NotSupported, LeadDestinationError.UnknownLookup, IntegrationError.NotConnected)
  @ApiErrorResponse(409, LeadDestinationError.ReauthRequired)
  @ApiErrorResponse(422, LeadDestinationError.ProviderRefused)
  lookup(
    @CurrentUser() caller: AuthUser,
    @Param('key') key: string,
    @Param('name') name: string,
    @Query() query: LookupQueryDto,
  ): Promise<LookupPageResponse> {
    return this.destinations.lookup(caller.accountId, key, name, query);
  }
}
