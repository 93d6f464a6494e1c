import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum WebhookError {
  EndpointNotFound = 'webhook_endpoint_not_found',
  DeliveryNotFound = 'webhook_delivery_not_found',
  UrlNotAllowed = 'webhook_url_not_allowed',
  EndpointDisabled = 'webhook_endpoint_disabled',
}

const ERRORS: Record<WebhookError, ErrorSpec> = {
  [WebhookError.EndpointNotFound]: { status: 404, message: 'This account has no webhook endpoint with that id.' },
  [WebhookError.DeliveryNotFound]: { status: 404, message: 'This endpoint has no delivery with that id.' },
  [WebhookError.UrlNotAllowed]: { status: 400, message: 'url cannot receive webhooks.' },
  [WebhookError.EndpointDisabled]: {
    status: 409,
    message: 'This endpoint is disabled; enable it before sending to it.',
  },
};

export class WebhookException extends DomainException {
  constructor(code: WebhookError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
