import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrorResponse } from '../common/error-response';
import { EventStreamSettings, eventStreamConfig } from './event-stream.config';
import { DrainService } from '../health/drain.service';
import { Role } from '../roles/role.enum';
import { Roles } from '../roles/roles.decorator';
import { toEventResponse } from './dto/event.response';
import { LoggedEvent } from './entities/event.entity';
import { EventStreamError, EventStreamException } from './event-stream.exception';
import { EventStreamService } from './event-stream.service';

const EVENT_ID = /^(0|[1-9][0-9]{0,18})$/;
/** How soon a browser tries again after the stream drops (EventSource's `retry:`). */
const RETRY_MS = 1000;
/** A browser that stops reading would make the server buffer without end: drop it, it resumes by id. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Browsers watch their account live (DESIGN §12): Server-Sent Events fed by each instance's tail of the log. */
@ApiTags('events')
@Controller('events')
export class EventStreamController {
  constructor(
    private readonly stream: EventStreamService,
    private readonly drain: DrainService,
    @Inject(eventStreamConfig.KEY) private readonly settings: EventStreamSettings,
  ) {}

  // No @Scopes: services poll GET /events; a stream held open per key is not theirs to have.
  @Get('stream')
  @Roles(Role.ChannelsAdmin)
  @ApiOperation({
    operationId: 'streamEvents',
    summary: "The account's events as they happen (text/event-stream: id = event id, event = type, data = the event)",
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id (browsers send it by themselves).',
  })
  @ApiResponse({ status: 200, description: 'An open stream; a comment line every heartbeat keeps it alive.' })
  @ApiErrorResponse(400, EventStreamError.InvalidLastEventId)
  @ApiErrorResponse(503, EventStreamError.Draining)
  async open(
    @CurrentUser() caller: AuthUser,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const resumeAfter = lastEventId?.trim() || undefined;
    if (resumeAfter !== undefined && !EVENT_ID.test(resumeAfter)) {
      throw new EventStreamException(EventStreamError.InvalidLastEventId);
    }
    if (this.drain.isDraining) throw new EventStreamException(EventStreamError.Draining);

    // Catching up can deliver before the stream opens: those wait here, so a failure can still answer an error.
    const early: string[] = [];
    let opened = false;
    const write = (chunk: string) => {
      if (!opened) return void early.push(chunk);
      // Ended (drain, a slow reader) but not closed yet: a write now would be an error, not a message.
      if (res.writableEnded) return;
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
    };
    const unsubscribe = await this.stream.subscribe(caller.accountId, resumeAfter, (events) =>
      write(events.map(toSseMessage).join('')),
    );
    // The browser left while the stream was catching up ('close' has fired already).
    if (res.destroyed) return unsubscribe();

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // nginx and friends would otherwise hold events back to fill a buffer.
      'X-Accel-Buffering': 'no',
    });
    opened = true;
    write(`retry: ${RETRY_MS}\n\n${early.join('')}`);

    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.settings.heartbeatMs);
    const end = () => res.end();
    this.drain.signal.addEventListener('abort', end, { once: true });
    res.once('close', () => {
      clearInterval(heartbeat);
      this.drain.signal.removeEventListener('abort', end);
      unsubscribe();
    });
    // Draining may have begun while the stream was catching up.
    if (this.drain.isDraining) end();
  }
}

/** The tail hands every stream the same event object: format it once, not once per open stream. */
const formatted = new WeakMap<LoggedEvent, string>();

function toSseMessage(event: LoggedEvent): string {
  let message = formatted.get(event);
  if (message === undefined) {
    // JSON never contains a raw newline, so one `data:` line carries the whole event.
    message = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(toEventResponse(event))}\n\n`;
    formatted.set(event, message);
  }
  return message;
}
