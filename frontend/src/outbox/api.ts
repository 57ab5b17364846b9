// Typed calls for /outbox: mail the app sent, or would have sent.
import { api, queryString, type ID } from '../api';

export interface Attachment {
  filename: string;
  content_type: string;
  size: number;
}

export interface OutboxMessage {
  id: ID;
  to: string;
  to_name: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
  attachments: Attachment[];
}

export interface OutboxPage {
  items: OutboxMessage[];
  total: number;
}

export const perPage = 25;

export const listOutbox = (to: string, page: number) =>
  api.get<OutboxPage>(`/outbox${queryString({ to, page, per_page: perPage })}`);
export const getOutboxMessage = (id: ID | string) => api.get<OutboxMessage>(`/outbox/${id}`);

/** formatSize gives a file size people can read: "512 bytes", "14 KB", "2.1 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
