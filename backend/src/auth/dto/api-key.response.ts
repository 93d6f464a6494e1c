import { ApiProperty } from '@nestjs/swagger';
import { ApiKey } from '../entities/api-key.entity';
import { Scope } from '../scope.enum';

export class ApiKeyCreatorResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** A key as Settings lists it: never its hash, and the key itself only in the creation answer. */
export class ApiKeyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart.', example: 'aur_3kX9bQ2a' }) prefix!: string;
  @ApiProperty({ enum: Object.values(Scope), enumName: 'Scope', isArray: true }) scopes!: Scope[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ApiKeyCreatorResponse, nullable: true, description: 'Null for keys made with the CLI.' })
  createdBy!: ApiKeyCreatorResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: string | null;
}

export class ApiKeyListResponse {
  @ApiProperty({ type: [ApiKeyResponse] }) data!: ApiKeyResponse[];
}

export class CreatedApiKeyResponse {
  @ApiProperty({ type: ApiKeyResponse }) apiKey!: ApiKeyResponse;
  @ApiProperty({ description: 'The key itself. Shown once: only its hash is stored.', example: 'aur_…' }) key!: string;
}

export function toApiKeyResponse(key: ApiKey): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdByUserId ? { id: key.createdByUserId, name: key.createdByName ?? '' } : null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
