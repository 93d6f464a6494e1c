import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Response } from 'express';
import { appConfig } from '../../config';
import { CallbackPageException, callbackErrorPage } from './callback-page';

/** Renders a refusal on the popup's routes as the small HTML page, with status 400. */
@Catch(CallbackPageException)
export class CallbackPageFilter implements ExceptionFilter {
  constructor(@Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>) {}

  catch(exception: CallbackPageException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(400).type('html').setHeader('Cache-Control', 'no-store');
    res.send(callbackErrorPage(exception.title, exception.detail, this.app.appUrl));
  }
}
