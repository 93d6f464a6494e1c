import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventCursor } from './entities/event-cursor.entity';
import { LoggedEvent } from './entities/event.entity';
import { EventConsumersMetrics } from './event-consumers.metrics';
import { EventConsumersService } from './event-consumers.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [TypeOrmModule.forFeature([LoggedEvent, EventCursor])],
  controllers: [EventsController],
  providers: [EventsService, EventConsumersService, EventConsumersMetrics],
  exports: [EventsService, EventConsumersService],
})
export class EventsModule {}
