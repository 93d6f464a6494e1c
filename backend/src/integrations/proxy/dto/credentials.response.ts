import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class CredentialsAccountResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** A connection's access token for a service that must call the provider itself. Never cached. */
export class CredentialsResponse {
  @ApiProperty({ description: 'Bearer token for the provider API; valid at least until 5 minutes from now.' })
  accessToken!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null when the provider issued a token without expiry.',
  })
  expiresAt!: string | null;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: CredentialsAccountResponse }) externalAccount!: CredentialsAccountResponse;
  @ApiPropertyOptional({ description: 'The API host to call (Salesforce: the org’s instance URL).' })
  instanceUrl?: string;
}
