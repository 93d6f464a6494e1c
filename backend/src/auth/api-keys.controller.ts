import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { ApiKeysService } from './api-keys.service';
import { AuthError, AuthException } from './auth.exception';
import type { AuthUser, UserCaller } from './auth-user';
import { CurrentUser } from './decorators/current-user.decorator';
import { ApiKeyListResponse, CreatedApiKeyResponse, toApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** A malformed id cannot name a key of this account: the same 404 as another account's id. */
const keyId = new ParseUUIDPipe({ exceptionFactory: () => new AuthException(AuthError.ApiKeyNotFound) });

/**
 * Settings › API keys (DESIGN §13). People only: without `@Scopes` the scopes guard refuses every key,
 * so a key can never mint or revoke keys.
 */
@ApiTags('api-keys')
@Controller('api-keys')
@Roles(Role.ChannelsAdmin)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: "The account's active API keys" })
  @ApiOkResponse({ type: ApiKeyListResponse })
  async list(@CurrentUser() caller: AuthUser): Promise<ApiKeyListResponse> {
    const keys = await this.keys.list(caller.accountId, { activeOnly: true });
    return { data: keys.map(toApiKeyResponse) };
  }

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Creates an API key; the answer holds the key, once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  async create(@CurrentUser() caller: AuthUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const person = requirePerson(caller);
    const { key, apiKey } = await this.keys.create(person.accountId, body.scopes, body.name, {
      id: person.id,
      name: person.name,
    });
    return { apiKey: toApiKeyResponse(apiKey), key };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revokes an API key; it is refused from the next request on' })
  @ApiNoContentResponse()
  @ApiErrorResponse(404, AuthError.ApiKeyNotFound)
  async revoke(@CurrentUser() caller: AuthUser, @Param('id', keyId) id: string): Promise<void> {
    if (!(await this.keys.revoke(id, caller.accountId))) throw new AuthException(AuthError.ApiKeyNotFound);
  }
}

/** The scopes guard already refuses keys here; this keeps the type honest. */
function requirePerson(caller: AuthUser): UserCaller {
  if (caller.kind !== 'user') throw new AuthException(AuthError.ForbiddenApiKey);
  return caller;
}
