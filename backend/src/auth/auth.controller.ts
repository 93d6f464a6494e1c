import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { ApiErrorResponse } from '../common/error-response';
import { VALIDATION_FAILED } from '../common/validation.pipe';
import { securityConfig } from '../config';
import { AuthService } from './auth.service';
import { AuthError, AuthException } from './auth.exception';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './decorators/current-user.decorator';
import { Public } from './decorators/public.decorator';
import { LoginDto } from './dto/login.dto';
import { SessionUserResponse } from './dto/session-user.response';
import { SESSION_COOKIE, SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly cookie: CookieOptions;

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(securityConfig.KEY) security: ConfigType<typeof securityConfig>,
  ) {
    this.cookie = {
      httpOnly: true,
      sameSite: 'lax',
      secure: security.cookieSecure,
      path: '/',
    };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Signs in and sets the session cookie' })
  @ApiOkResponse({ type: SessionUserResponse })
  @ApiErrorResponse(400, VALIDATION_FAILED)
  @ApiErrorResponse(401, AuthError.InvalidCredentials)
  @ApiErrorResponse(429, AuthError.TooManyRequests)
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUserResponse> {
    const { token, user } = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, token, { ...this.cookie, maxAge: this.sessions.maxAgeMs });
    return user;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'Ends the session' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() caller: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (caller.kind !== 'user') throw new AuthException(AuthError.ForbiddenApiKey);
    await this.sessions.end(caller.sessionId);
    res.clearCookie(SESSION_COOKIE, this.cookie);
  }

  @Get('me')
  @ApiOperation({ operationId: 'getSession', summary: 'The signed-in person' })
  @ApiOkResponse({ type: SessionUserResponse })
  me(@CurrentUser() caller: AuthUser): Promise<SessionUserResponse> {
    if (caller.kind !== 'user') throw new AuthException(AuthError.ForbiddenApiKey);
    return this.auth.me(caller.id, caller.accountId);
  }
}
