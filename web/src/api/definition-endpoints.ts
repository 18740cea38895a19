import { apiRequest } from './client';
import type { AppDefinition, DefinitionEdit, DefinitionPreview, DefinitionSaveResult } from './definition-types';

const base = (app: string) => `/api/admin/apps/${encodeURIComponent(app)}/definition`;

export function fetchDefinition(app: string, signal?: AbortSignal): Promise<AppDefinition> {
  return apiRequest<AppDefinition>('GET', base(app), undefined, { signal });
}

export function previewDefinition(app: string, edits: DefinitionEdit[], sample?: { table: string; amount: number }): Promise<DefinitionPreview> {
  return apiRequest<DefinitionPreview>('POST', `${base(app)}/preview`, { edits, ...(sample ? { sample } : {}) });
}

export function saveDefinition(app: string, edits: DefinitionEdit[], baseHash: string): Promise<DefinitionSaveResult> {
  return apiRequest<DefinitionSaveResult>('POST', base(app), { edits, baseHash });
}
