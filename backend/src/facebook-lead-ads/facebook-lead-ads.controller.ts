import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { FacebookPageResponse, FormConnectionResponse, LeadFormResponse } from './dto/facebook-lead-ads.response';
import { SaveFormConnectionDto } from './dto/save-form-connection.dto';
import { FacebookLeadAdsService } from './facebook-lead-ads.service';

/** Configuration of the Facebook Lead Ads integration: Channels Administrators only, never API keys. */
@ApiTags('facebook-lead-ads')
@ApiCookieAuth()
@Roles(Role.ChannelsAdmin)
@Controller('integrations/facebook-lead-ads')
export class FacebookLeadAdsController {
  constructor(private readonly leadAds: FacebookLeadAdsService) {}

  @Get('pages')
  @ApiOkResponse({ type: [FacebookPageResponse] })
  pages(@CurrentUser() caller: AuthUser): Promise<FacebookPageResponse[]> {
    return this.leadAds.listPages(caller.accountId);
  }

  @Get('pages/:pageId/forms')
  @ApiOkResponse({ type: [LeadFormResponse] })
  forms(@CurrentUser() caller: AuthUser, @Param('pageId') pageId: string): Promise<LeadFormResponse[]> {
    return this.leadAds.listForms(caller.accountId, pageId);
  }

  @Get('form-connections')
  @ApiOkResponse({ type: [FormConnectionResponse] })
  formConnections(@CurrentUser() caller: AuthUser): Promise<FormConnectionResponse[]> {
    return this.leadAds.listFormConnections(caller.accountId);
  }

  @Put('form-connections/:formId')
  @ApiOkResponse({ type: FormConnectionResponse })
  saveFormConnection(
    @CurrentUser() caller: AuthUser,
    @Param('formId') formId: string,
    @Body() body: SaveFormConnectionDto,
  ): Promise<FormConnectionResponse> {
    return this.leadAds.saveFormConnection(caller.accountId, formId, body);
  }

  @Delete('form-connections/:formId')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeFormConnection(@CurrentUser() caller: AuthUser, @Param('formId') formId: string): Promise<void> {
    return this.leadAds.removeFormConnection(caller.accountId, formId);
  }
}
