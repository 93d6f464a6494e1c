import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Scopes } from '../auth/decorators/scopes.decorator';
import { Scope } from '../auth/scope.enum';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { ContactsService } from './contacts.service';
import { ContactsError } from './contacts.exception';
import { ContactDetailResponse } from './dto/contact-detail.response';
import { ContactPageResponse } from './dto/contact.response';
import { ListContactsQuery } from './dto/list-contacts.query';

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Roles(Role.ChannelsAdmin, Role.Agent)
  @Scopes(Scope.ContactsRead)
  @ApiOperation({
    operationId: 'listContacts',
    summary:
      'Contacts of the account, newest first, a page at a time; search by name, e-mail or phone, filter by source and date',
  })
  @ApiOkResponse({ type: ContactPageResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED, ContactsError.InvalidCursor, ContactsError.InvalidDateRange)
  list(@CurrentUser() caller: AuthUser, @Query() query: ListContactsQuery): Promise<ContactPageResponse> {
    return this.contacts.list(caller.accountId, query);
  }

  @Get(':id')
  @Roles(Role.ChannelsAdmin, Role.Agent)
  @Scopes(Scope.ContactsRead)
  @ApiOperation({ operationId: 'getContact', summary: 'One contact with every lead it sent: answers, attribution, consent' })
  @ApiOkResponse({ type: ContactDetailResponse })
  @ApiErrorResponse(404, ContactsError.NotFound)
  get(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<ContactDetailResponse> {
    return this.contacts.get(caller.accountId, id);
  }
}
