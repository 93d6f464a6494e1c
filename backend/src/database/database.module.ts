import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseSettings, databaseConfig } from '../config';
import { databaseOptions } from './database-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (settings: DatabaseSettings) => ({ ...databaseOptions(settings), autoLoadEntities: true }),
    }),
  ],
})
export class DatabaseModule {}
