import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { ApiErrorResponse } from '../common/error-response';
import { HealthResponse } from './dto/health.response';
import { DrainService } from './drain.service';

const DATABASE_UNAVAILABLE = 'database_unavailable';
const SHUTTING_DOWN = 'shutting_down';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drain: DrainService,
  ) {}

  /** For load balancers: 503 while shutting down or while the database cannot answer, so traffic moves elsewhere. */
  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ operationId: 'checkHealth', summary: 'Whether this instance and its database answer' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiErrorResponse(503, SHUTTING_DOWN, DATABASE_UNAVAILABLE)
  async check(): Promise<HealthResponse> {
    if (this.drain.isDraining) {
      throw new ServiceUnavailableException({ error: SHUTTING_DOWN, message: 'This instance is shutting down.' });
    }
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ error: DATABASE_UNAVAILABLE, message: 'The database is not reachable.' });
    }
    return { status: 'ok', db: 'up' };
  }
}
