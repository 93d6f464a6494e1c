import { call } from './client';

export function listIntegrations() {
  return call('get', '/integrations');
}

export function getIntegration(key: string) {
  return call('get', '/integrations/{key}', { path: { key } });
}

export function startConnect(key: string) {
  return call('post', '/integrations/{key}/connect', { path: { key } });
}

export function getFlow(flowId: string) {
  return call('get', '/integrations/flows/{flowId}', { path: { flowId } });
}

export function cancelFlow(flowId: string) {
  return call('delete', '/integrations/flows/{flowId}', { path: { flowId } });
}

export function disconnect(key: string) {
  return call('delete', '/integrations/{key}/connection', { path: { key } });
}

export function listActivity(key: string) {
  return call('get', '/integrations/{key}/activity', { path: { key } });
}
