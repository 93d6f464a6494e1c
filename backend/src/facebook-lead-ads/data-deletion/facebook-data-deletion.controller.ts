import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/decorators/public.decorator';
import { ServerToServer } from '../../auth/decorators/server-to-server.decorator';
import { ApiErrorResponse } from '../../common/error-response';
import { VALIDATION_FAILED } from '../../common/validation.pipe';
import { DataDeletionReceiptResponse, DataDeletionStatusResponse } from '../dto/data-deletion.dto';
import { DeauthorizeDto } from '../dto/webhook.dto';
import { FacebookLeadAdsError } from '../facebook-lead-ads.exception';
import { FacebookDataDeletionService } from './facebook-data-deletion.service';

/**
 * Meta's Data Deletion Request callback (Facebook calls it, authenticated by the signed_request) and
 * the public status page its answer points the user to (the unguessable code is the only key).
 */
@ApiTags('webhooks')
@Public()
@ServerToServer()
@Controller('webhooks/facebook/data-deletion')
export class FacebookDataDeletionController {
  constructor(private readonly deletions: FacebookDataDeletionService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'requestFacebookDataDeletion',
    summary: 'Facebook’s Data Deletion Request callback: deletes the user’s stored tokens in every account',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ type: DataDeletionReceiptResponse })
  @ApiErrorResponse(400, FacebookLeadAdsError.InvalidSignedRequest, VALIDATION_FAILED)
  request(@Body() body: DeauthorizeDto): Promise<DataDeletionReceiptResponse> {
    return this.deletions.request(body.signed_request);
  }

  @Get(':code')
  @ApiOperation({ operationId: 'getFacebookDataDeletionStatus', summary: 'Public status of one data deletion request' })
  @ApiOkResponse({ type: DataDeletionStatusResponse })
  @ApiErrorResponse(404, FacebookLeadAdsError.DataDeletionNotFound)
  status(@Param('code') code: string): Promise<DataDeletionStatusResponse> {
    return this.deletions.status(code);
  }
}
