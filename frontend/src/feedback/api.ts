// Typed calls for the feedback channels (issue 4): public posting and reading,
// follow-up links, and the programme team's triage.
import { api, queryString, type ID } from '../api';

export type Audience = 'staff' | 'public' | 'both';
export type Kind = 'concern' | 'idea' | 'question';
export type Status = 'new' | 'acknowledged' | 'answered' | 'actioned' | 'closed';
export type Visibility = 'public' | 'awaiting_approval' | 'hidden';

export interface Channel {
  id: ID;
  name: string;
  description: string;
  audience: Audience;
  allow_anonymous: boolean;
  require_approval: boolean;
  public_posts: number;
  created_at: string;
}

export interface ChannelRef {
  id: ID;
  name: string;
}

export interface PublicReply {
  id: ID;
  body: string;
  from: 'team';
  created_at: string;
}

/** PublicPost is a post as anyone sees it: never who posted it. */
export interface PublicPost {
  id: ID;
  channel_id: ID;
  channel?: ChannelRef;
  kind: Kind;
  body: string;
  status: Status;
  tags: string[];
  metoo_count: number;
  action_taken: string;
  actioned_at: string | null;
  replies: PublicReply[];
  created_at: string;
}

export interface PageOf<T> {
  items: T[];
  page: number;
  per_page: number;
  has_more: boolean;
}

export interface PostInput {
  kind: Kind | '';
  body: string;
  organisation_id: ID | null;
  staff_group: string;
  anonymous: boolean;
  name: string;
  email: string;
}

export interface CreatedPost {
  id: ID;
  follow_token: string;
  follow_url: string;
  visibility: Visibility;
}

export interface FollowReply {
  id: ID;
  body: string;
  from: 'team' | 'you';
  public: boolean;
  created_at: string;
}

/** FollowPost is the poster's own view, through their follow-up link. */
export interface FollowPost {
  id: ID;
  channel: ChannelRef;
  kind: Kind;
  body: string;
  anonymous: boolean;
  name: string;
  status: Status;
  tags: string[];
  metoo_count: number;
  action_taken: string;
  visibility: Visibility;
  hidden_reason: string;
  replies: FollowReply[];
  created_at: string;
}

export interface TeamReply {
  id: ID;
  body: string;
  public: boolean;
  from: 'team' | 'poster';
  author_name: string;
  created_at: string;
}

export interface ModerationEntry {
  id: ID;
  action: 'hide' | 'unhide' | 'approve';
  reason: string;
  actor_name: string;
  created_at: string;
}

/** TeamPost is a post as the programme team sees it in triage. */
export interface TeamPost {
  id: ID;
  channel_id: ID;
  channel: ChannelRef;
  kind: Kind;
  body: string;
  anonymous: boolean;
  name: string;
  email: string;
  organisation_id: ID | null;
  organisation: { id: ID; name: string; code: string } | null;
  staff_group: string;
  status: Status;
  tags: string[];
  action_taken: string;
  actioned_at: string | null;
  approved: boolean;
  hidden: boolean;
  hidden_reason: string;
  visibility: Visibility;
  metoo_count: number;
  replies?: TeamReply[];
  created_at: string;
  updated_at: string;
}

export interface TeamPostDetail extends TeamPost {
  replies: TeamReply[];
  moderation: ModerationEntry[];
}

export interface Queue {
  items: TeamPost[];
  total: number;
  page: number;
  per_page: number;
}

export interface QueueFilters {
  channel_id?: string;
  status?: string;
  visibility?: string;
  tag?: string;
  page?: number;
}

export const kindLabels: Record<Kind, string> = { concern: 'Concern', idea: 'Idea', question: 'Question' };
export const statusLabels: Record<Status, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  answered: 'Answered',
  actioned: 'Actioned',
  closed: 'Closed',
};
export const audienceLabels: Record<Audience, string> = {
  staff: 'Staff',
  public: 'Patients and public',
  both: 'Staff, patients and public',
};
export const visibilityLabels: Record<Visibility, string> = {
  public: 'Public',
  awaiting_approval: 'Awaiting approval',
  hidden: 'Hidden',
};
export const statuses = Object.keys(statusLabels) as Status[];

export const listChannels = () => api.get<Channel[]>('/channels');
export const getChannel = (id: ID | string) => api.get<Channel>(`/channels/${id}`);
export const createChannel = (input: Partial<Channel>) => api.post<Channel>('/channels', input);
export const updateChannel = (id: ID, input: Partial<Channel>) => api.patch<Channel>(`/channels/${id}`, input);

export const listPosts = (channelId: ID | string, sort: 'top' | 'new', tag = '') =>
  api.get<PageOf<PublicPost>>(`/channels/${channelId}/posts${queryString({ sort, tag, per_page: 50 })}`);
export const createPost = (channelId: ID | string, input: PostInput) =>
  api.post<CreatedPost>(`/channels/${channelId}/posts`, input);
export const metoo = (postId: ID) => api.post<{ post_id: ID; metoo_count: number }>(`/posts/${postId}/metoo`);
export const youSaidWeDid = (page = 1) =>
  api.get<PageOf<PublicPost>>(`/you-said-we-did${queryString({ page, per_page: 50 })}`);

export const getFollow = (token: string) => api.get<FollowPost>(`/follow/${encodeURIComponent(token)}`);
/** emailFollowLink mails the follow-up link to an address used for that one message. */
export const emailFollowLink = (token: string, email: string) =>
  api.post<{ message: string }>(`/follow/${encodeURIComponent(token)}/email`, { email });
export const answerBack = (token: string, body: string) =>
  api.post<FollowReply>(`/follow/${encodeURIComponent(token)}/replies`, { body });

export const listQueue = (f: QueueFilters) => api.get<Queue>(`/feedback/queue${queryString({ ...f })}`);
export const getTeamPost = (id: ID | string) => api.get<TeamPostDetail>(`/posts/${id}`);
export const triagePost = (id: ID, input: { status?: Status; tags?: string[]; action_taken?: string }) =>
  api.patch<TeamPostDetail>(`/posts/${id}`, input);
export const replyToPost = (id: ID, body: string, isPublic: boolean) =>
  api.post<TeamReply>(`/posts/${id}/replies`, { body, public: isPublic });
export const moderatePost = (id: ID, action: string, reason: string) =>
  api.post<TeamPostDetail>(`/posts/${id}/moderation`, { action, reason });
