import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventCursor } from './entities/event-cursor.entity';
import { LoggedEvent } from './entities/event.entity';
import { EventConsumersMetrics } from './event-consumers.metrics';
import { HealthModule } from '../health/health.module';
import { EventConsumersService } from './event-consumers.service';
import { eventStreamConfig } from './event-stream.config';
import { EventStreamController } from './event-stream.controller';
import { EventStreamService } from './event-stream.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [ConfigModule.forFeature(eventStreamConfig), TypeOrmModule.forFeature([LoggedEvent, EventCursor]), HealthModule],
  controllers: [EventsController, EventStreamController],
  providers: [EventsService, EventConsumersService, EventConsumersMetrics, EventStreamService],
  exports: [EventsService, EventConsumersService],
})
export class EventsModule {}
