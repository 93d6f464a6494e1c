import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { EventPageResponse, toEventResponse } from './dto/event.response';
import { ListEventsQuery } from './dto/list-events.query';
import { EventsService } from './events.service';

const DEFAULT_LIMIT = 100;

/** Services catch up on what changed, or poll: `after` = the `lastEventId` they got last time. */
@ApiTags('events')
@ApiCookieAuth()
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Roles(Role.ChannelsAdmin)
  @Scopes(Scope.EventsRead)
  @ApiOkResponse({ type: EventPageResponse })
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
