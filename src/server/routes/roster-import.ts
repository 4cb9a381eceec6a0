import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RosterImportReport, RosterImportRequest, type User } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { appSource } from '../http/audit-source';
import { auditActor } from '../services/audit';
import { route } from '../http/route';
import { readRosterFile } from '../roster/roster-file';
import { runRosterImport, type RosterImportOptions } from '../roster/roster-import';
import { rosterReportWorkbook } from '../roster/report-workbook';
import type { Storage } from '../storage';

/**
 * A 10 MB file (ROSTER_FILE_LIMITS) is 13.4 MB as base64, plus the JSON around it: these routes alone accept
 * more than the server's 1 MB default.
 */
export const ROSTER_BODY_LIMIT = 15 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Into the admin's own community, whatever the request says: the body carries no community at all. */
function optionsOf(user: User, body: RosterImportRequest, request: FastifyRequest): RosterImportOptions {
  return { communityId: user.communityId, actorId: user.id, mapping: body.mapping, defaultBranchId: body.defaultBranchId ?? null, audit: auditActor(user, appSource(request)) };
}

async function fileOf(body: RosterImportRequest) {
  return readRosterFile(Buffer.from(body.contentBase64, 'base64'), body.fileName);
}

/** RFC 6266: an ASCII fallback and the UTF-8 name (导入结果-光明社区花名册.xlsx) for browsers that read it. */
function attachment(fileName: string): string {
  const name = `导入结果-${fileName.replace(/\.[^.]*$/, '')}.xlsx`;
  return `attachment; filename="roster-report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The 花名册 import for the community's admin (issue 11 §1): the dry run's report, the import (all or nothing,
 * same report), and the uploaded workbook with each row's result. Other roles are refused FORBIDDEN.
 */
export function rosterImportRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin'), bodyLimit: ROSTER_BODY_LIMIT };
    app.post(
      '/api/admin/roster/preview',
      options,
      route({ body: RosterImportRequest, response: RosterImportReport }, async ({ body, request }) =>
        runRosterImport(db, await fileOf(body), optionsOf(currentUser(request), body, request), { dryRun: true }),
      ),
    );
    app.post(
      '/api/admin/roster/import',
      options,
      route({ body: RosterImportRequest, response: RosterImportReport }, async ({ body, request }) =>
        runRosterImport(db, await fileOf(body), optionsOf(currentUser(request), body, request), { dryRun: false }),
      ),
    );
    app.post(
      '/api/admin/roster/report',
      options,
      route({ body: RosterImportRequest, response: z.instanceof(Buffer) }, async ({ body, request, reply }) => {
        const file = await fileOf(body);
        const report = await runRosterImport(db, file, optionsOf(currentUser(request), body, request), { dryRun: true });
        reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(body.fileName));
        return rosterReportWorkbook(file, report);
      }),
    );
  };
}
