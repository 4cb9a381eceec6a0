import type { Migration } from 'kysely';
import { initial } from './0001_initial';
import { sync } from './0002_sync';
import { ingest } from './0003_ingest';
import { ledger } from './0004_ledger';
import { memberDeath } from './0005_member_death';
import { changeLogOwner } from './0006_change_log_owner';
import { memberRoster } from './0007_member_roster';
import { syncClientState } from './0008_sync_client_state';
import { planRecords } from './0009_plan_records';
import { coverage } from './0010_coverage';
import { signIn } from './0011_sign_in';
import { devices } from './0012_devices';
import { audit } from './0013_audit';

/** In-code list rather than a folder scan: works the same under tsx, vitest and a bundle. Names sort in order. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_sync': sync,
  '0003_ingest': ingest,
  '0004_ledger': ledger,
  '0005_member_death': memberDeath,
  '0006_change_log_owner': changeLogOwner,
  '0007_member_roster': memberRoster,
  '0008_sync_client_state': syncClientState,
  '0009_plan_records': planRecords,
  '0010_coverage': coverage,
  '0011_sign_in': signIn,
  '0012_devices': devices,
  '0013_audit': audit,
};
