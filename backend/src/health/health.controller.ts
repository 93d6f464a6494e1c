import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { DrainService } from './drain.service';

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
  async check(): Promise<{ status: 'ok'; db: 'up' }> {
    if (this.drain.isDraining) {
      throw new ServiceUnavailableException({ error: 'shutting_down', message: 'This instance is shutting down.' });
    }
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ error: 'database_unavailable', message: 'The database is not reachable.' });
    }
    return { status: 'ok', db: 'up' };
  }
}
