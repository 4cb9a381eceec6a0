/**
 * Row shapes of the plan's records (migration 0009), merged into DatabaseSchema in tables.ts. The community's
 * records (visit settings, campaigns) are written by the admin services; member events and follow-up closures
 * are pushed by paired workers and keep the hash of their content as first submitted.
 */
export interface VisitSettingsTable {
  id: string;
  community_id: string;
  /** Null for the community's own row. */
  branch_id: string | null;
  /** The branch id, or the community id for the community's row: one row per scope (unique). */
  scope_id: string;
  data: string;
  updated_at: string;
  created_at: string;
}

export interface CampaignsTable {
  id: string;
  community_id: string;
  starts_on: string;
  ends_on: string;
  cancelled_at: string | null;
  data: string;
  created_at: string;
}

export interface MemberEventsTable {
  id: string;
  member_id: string;
  kind: string;
  occurred_on: string;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface FollowUpClosuresTable {
  id: string;
  member_id: string;
  visit_id: string;
  follow_up_index: number;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface PlanSchema {
  visit_settings: VisitSettingsTable;
  campaigns: CampaignsTable;
  member_events: MemberEventsTable;
  follow_up_closures: FollowUpClosuresTable;
}
