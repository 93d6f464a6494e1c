import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import {
  FacebookPageResponse,
  FacebookPermissionsResponse,
  FormConnectionResponse,
  LeadAdsAccessResponse,
  LeadFormResponse,
} from './dto/facebook-lead-ads.response';
import { SaveFormConnectionDto } from './dto/save-form-connection.dto';
import { FacebookLeadAdsError } from './facebook-lead-ads.exception';
import { FacebookLeadAdsService } from './facebook-lead-ads.service';

/** Configuration of the Facebook Lead Ads integration: Channels Administrators only, never API keys. */
@ApiTags('facebook-lead-ads')
@Roles(Role.ChannelsAdmin)
@Controller('integrations/facebook-lead-ads')
export class FacebookLeadAdsController {
  constructor(private readonly leadAds: FacebookLeadAdsService) {}

  @Get('pages')
  @ApiOperation({ operationId: 'listFacebookPages', summary: 'Pages the connected Facebook user manages' })
  @ApiOkResponse({ type: [FacebookPageResponse] })
  @ApiErrorResponse(403, FacebookLeadAdsError.MissingPermission)
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected)
  @ApiErrorResponse(409, FacebookLeadAdsError.ReauthRequired, FacebookLeadAdsError.UserTokenExpired)
  @ApiErrorResponse(502, FacebookLeadAdsError.ProviderUnavailable)
  @ApiErrorResponse(503, FacebookLeadAdsError.RateLimited)
  pages(@CurrentUser() caller: AuthUser): Promise<FacebookPageResponse[]> {
    return this.leadAds.listPages(caller.accountId);
  }

  @Get('permissions')
  @ApiOperation({ operationId: 'getFacebookPermissions', summary: 'Permissions the connected user granted and declined' })
  @ApiOkResponse({ type: FacebookPermissionsResponse })
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected)
  @ApiErrorResponse(409, FacebookLeadAdsError.ReauthRequired)
  @ApiErrorResponse(502, FacebookLeadAdsError.ProviderUnavailable)
  permissions(@CurrentUser() caller: AuthUser): Promise<FacebookPermissionsResponse> {
    return this.leadAds.permissions(caller.accountId);
  }

  @Get('pages/:pageId/forms')
  @ApiOperation({ operationId: 'listLeadForms', summary: 'Lead forms of one Page, with a suggested mapping' })
  @ApiOkResponse({ type: [LeadFormResponse] })
  @ApiErrorResponse(403, FacebookLeadAdsError.MissingPermission)
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected, FacebookLeadAdsError.PageNotFound)
  @ApiErrorResponse(409, FacebookLeadAdsError.ReauthRequired)
  @ApiErrorResponse(502, FacebookLeadAdsError.ProviderUnavailable)
  forms(@CurrentUser() caller: AuthUser, @Param('pageId') pageId: string): Promise<LeadFormResponse[]> {
    return this.leadAds.listForms(caller.accountId, pageId);
  }

  @Get('access')
  @ApiOperation({
    operationId: 'getLeadAdsAccess',
    summary: 'What the Facebook user token still allows (leads never depend on it)',
  })
  @ApiOkResponse({ type: LeadAdsAccessResponse })
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected)
  access(@CurrentUser() caller: AuthUser): Promise<LeadAdsAccessResponse> {
    return this.leadAds.access(caller.accountId);
  }

  @Get('form-connections')
  @ApiOperation({ operationId: 'listFormConnections', summary: 'The lead forms being imported' })
  @ApiOkResponse({ type: [FormConnectionResponse] })
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected)
  formConnections(@CurrentUser() caller: AuthUser): Promise<FormConnectionResponse[]> {
    return this.leadAds.listFormConnections(caller.accountId);
  }

  @Put('form-connections/:formId')
  @ApiOperation({ operationId: 'saveFormConnection', summary: 'Imports a lead form with this mapping (or updates it)' })
  @ApiOkResponse({ type: FormConnectionResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED, FacebookLeadAdsError.InvalidMapping)
  @ApiErrorResponse(403, FacebookLeadAdsError.MissingPermission)
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected, FacebookLeadAdsError.PageNotFound, FacebookLeadAdsError.FormNotFound)
  @ApiErrorResponse(409, FacebookLeadAdsError.ReauthRequired)
  @ApiErrorResponse(502, FacebookLeadAdsError.ProviderUnavailable)
  saveFormConnection(
    @CurrentUser() caller: AuthUser,
    @Param('formId') formId: string,
    @Body() body: SaveFormConnectionDto,
  ): Promise<FormConnectionResponse> {
    return this.leadAds.saveFormConnection(caller.accountId, formId, body);
  }

  @Delete('form-connections/:formId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeFormConnection', summary: 'Stops importing a lead form; its contacts stay' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, FacebookLeadAdsError.NotConnected, FacebookLeadAdsError.FormConnectionNotFound)
  removeFormConnection(@CurrentUser() caller: AuthUser, @Param('formId') formId: string): Promise<void> {
    return this.leadAds.removeFormConnection(caller.accountId, formId);
  }
}
