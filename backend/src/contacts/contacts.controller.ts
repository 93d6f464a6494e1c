import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { ContactsService } from './contacts.service';
import { ContactPageResponse } from './dto/contact.response';
import { ListContactsQuery } from './dto/list-contacts.query';

@ApiTags('contacts')
@ApiCookieAuth()
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Roles(Role.ChannelsAdmin, Role.Agent)
  @Scopes(Scope.ContactsRead)
  @ApiOkResponse({ type: ContactPageResponse })
  list(@CurrentUser() caller: AuthUser, @Query() query: ListContactsQuery): Promise<ContactPageResponse> {
    return this.contacts.list(caller.accountId, query);
  }
}
