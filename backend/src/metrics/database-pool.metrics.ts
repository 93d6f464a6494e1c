import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { GaugeSample, MetricsService } from './metrics.service';

/** The parts of mysql2's pool that say how busy it is (not in its typings). */
interface Mysql2Pool {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/** DB pool usage: connections in use and idle, the pool's size, and requests waiting for a connection. */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerDatabaseGauge({
      name: 'aurora_db_pool_connections',
      help: 'Database pool of this instance: connections in_use, idle and max, and queries waiting for one (SQLite: one open connection)',
      labelNames: ['state'],
      collect: () => Promise.resolve(this.samples()),
    });
  }

  private samples(): GaugeSample[] {
    if (this.dataSource.options.type !== 'mysql') return [{ labels: { state: 'open' }, value: 1 }];
    const pool: Mysql2Pool | undefined = (this.dataSource.driver as MysqlDriver).pool;
    const all = pool?._allConnections?.length ?? 0;
    const idle = pool?._freeConnections?.length ?? 0;
    return [
      { labels: { state: 'in_use' }, value: all - idle },
      { labels: { state: 'idle' }, value: idle },
      { labels: { state: 'waiting' }, value: pool?._connectionQueue?.length ?? 0 },
      { labels: { state: 'max' }, value: pool?.config?.connectionLimit ?? 0 },
    ];
  }
}
