import { request } from './http';
import type { ActivityEvent, ConnectFlow, ConnectStart, IntegrationDetail, IntegrationSummary } from './types';

const segment = encodeURIComponent;

export function listIntegrations(): Promise<IntegrationSummary[]> {
  return request<IntegrationSummary[]>('GET', '/integrations');
}

export function getIntegration(key: string): Promise<IntegrationDetail> {
  return request<IntegrationDetail>('GET', `/integrations/${segment(key)}`);
}

export function startConnect(key: string): Promise<ConnectStart> {
  return request<ConnectStart>('POST', `/integrations/${segment(key)}/connect`);
}

export function getFlow(flowId: string): Promise<ConnectFlow> {
  return request<ConnectFlow>('GET', `/integrations/flows/${segment(flowId)}`);
}

export function cancelFlow(flowId: string): Promise<void> {
  return request<void>('DELETE', `/integrations/flows/${segment(flowId)}`);
}

export function disconnect(key: string): Promise<void> {
  return request<void>('DELETE', `/integrations/${segment(key)}/connection`);
}

export function listActivity(key: string): Promise<ActivityEvent[]> {
  return request<ActivityEvent[]>('GET', `/integrations/${segment(key)}/activity`);
}
