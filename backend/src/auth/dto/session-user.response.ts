import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../roles/role.enum';

export class SessionUserResponse {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() accountId!: string;
  @ApiProperty() accountName!: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles!: Role[];
}

/** The SPA's start-up question "is anyone signed in?", answered without a 401 the browser would log as an error. */
export class SessionProbeResponse {
  @ApiProperty({ type: SessionUserResponse, nullable: true }) user!: SessionUserResponse | null;
}

export function toSessionUserResponse(
  user: { id: string; email: string; name: string },
  account: { id: string; name: string },
  roles: Role[],
): SessionUserResponse {
  return { id: user.id, email: user.email, name: user.name, accountId: account.id, accountName: account.name, roles };
}
