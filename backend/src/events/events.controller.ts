import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { EventPageResponse, toEventResponse } from './dto/event.response';
import { ListEventsQuery } from './dto/list-events.query';
import { EventsService } from './events.service';

const DEFAULT_LIMIT = 100;

/** Services catch up on what changed, or poll: `after` = the `lastEventId` they got last time. */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.EventsRead)
  @ApiOperation({ operationId: 'listEvents', summary: 'What changed in the account, oldest first, after a cursor' })
  @ApiOkResponse({ type: EventPageResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  async list(@CurrentUser() caller: AuthUser, @Query() query: ListEventsQuery): Promise<EventPageResponse> {
    const page = await this.events.list({
      accountId: caller.accountId,
      after: query.after,
      types: query.types,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return { data: page.events.map(toEventResponse), lastEventId: page.lastEventId };
  }
}
