import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { UserCaller } from '../auth-user';
import { SESSION_COOKIE, SessionsService } from '../sessions.service';

/** Browser sessions: the httpOnly `aurora_session` cookie. */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'session') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(req: Request): Promise<UserCaller | null> {
    const token = req.cookies?.[SESSION_COOKIE] as unknown;
    return typeof token === 'string' ? this.sessions.resolve(token) : null;
  }
}
