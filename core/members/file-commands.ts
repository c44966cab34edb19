/**
 * members.import.* and members.export: the network loaded from, updated from and written to a
 * spreadsheet. The preview reads the file(s), proposes or recalls the column mappings and
 * returns the whole plan (every line's outcome, the members absent from the file); the import
 * recomputes that plan from the same bytes and applies it in one transaction, archiving only
 * the absent members the user ticked.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { fileContentBase64 } from '../commands/limits';
import type { Sheet } from '../intake/csv';
import { openFile } from '../intake/pipeline';
import { readOrRefuse, refusingUnreadable } from '../intake/read';
import { tr } from '../language';
import { startJob } from '../exports/jobs';
import { absenceMappingSchema, memberMappingSchema, proposeAbsenceMapping, proposeMemberMapping, savedMemberMapping, saveMemberMapping, type AbsenceMapping, type MemberMapping } from './file-columns';
import { exportCsv, exportXlsx } from './file-export';
import { applyImport, planImport, type FileInput } from './file-import';

const file = z.object({ fileName: z.string().trim().min(1).max(255), contentBase64: fileContentBase64 });

const previewInput = file.extend({
  /** The absences as a second file (CSV); an XLSX file may carry them in its second sheet instead. */
  absencesFile: file.optional(),
  /** Mappings as corrected on screen; the remembered (or proposed) ones otherwise. */
  mapping: memberMappingSchema.optional(),
  absenceMapping: absenceMappingSchema.optional(),
});

const runInput = previewInput.extend({
  mapping: memberMappingSchema,
  saveMapping: z.boolean().default(true),
  /** Members absent from the file that the user ticked to archive. */
  archiveIds: z.array(z.number().int().positive()).max(100_000).default([]),
});

interface Read {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  separator: string | null;
  sheet: Sheet;
  absences: { source: 'sheet' | 'file'; fileName: string; sheet: Sheet } | null;
}

function readFiles(input: z.output<typeof previewInput>): Read {
  // A workbook is opened once for both sheets: one unzip, one memory budget.
  const { file: main, workbook } = refusingUnreadable(() => openFile(input.fileName, Buffer.from(input.contentBase64, 'base64')));
  let absences: Read['absences'] = null;
  if (input.absencesFile) {
    const second = readOrRefuse(input.absencesFile.fileName, Buffer.from(input.absencesFile.contentBase64, 'base64'));
    absences = { source: 'file', fileName: input.absencesFile.fileName, sheet: second };
  } else if (workbook) {
    const second = refusingUnreadable(() => workbook.sheet(1));
    if (second && second.headers.length) absences = { source: 'sheet', fileName: input.fileName, sheet: second };
  }
  const { records, headers, separator } = main;
  return { format: main.format, encoding: main.encoding, separator, sheet: { headers, records, separator }, absences };
}

function mappings(ctx: Context, read: Read, input: z.output<typeof previewInput>) {
  const proposed = proposeMemberMapping(read.sheet.headers);
  const remembered = savedMemberMapping(ctx.db, 'members');
  const mapping: MemberMapping = input.mapping ?? fitting(remembered, read.sheet.headers) ?? proposed;
  const a = read.absences;
  const proposedA = a ? proposeAbsenceMapping(a.sheet.headers) : {};
  const rememberedA = a ? savedMemberMapping(ctx.db, 'absences') : null;
  const absenceMapping: AbsenceMapping = input.absenceMapping ?? (a ? (fitting(rememberedA, a.sheet.headers) ?? proposedA) : {});
  return { proposed, remembered, mapping, proposedA, rememberedA, absenceMapping };
}

/** A remembered mapping is used when this file has the columns it names. */
function fitting<M extends Record<string, string | undefined>>(mapping: M | null, headers: string[]): M | null {
  if (!mapping) return null;
  const named = Object.values(mapping).filter((h): h is string => typeof h === 'string');
  return named.length > 0 && named.every((h) => headers.includes(h)) ? mapping : null;
}

function fileInput(read: Read, mapping: MemberMapping, absenceMapping: AbsenceMapping): FileInput {
  return { sheet: read.sheet, mapping, absences: read.absences ? { sheet: read.absences.sheet, mapping: absenceMapping } : null };
}

export const memberFileCommands = {
  'members.import.preview': command(previewInput, (ctx, input) => {
    const read = readFiles(input);
    const m = mappings(ctx, read, input);
    const { plan } = planImport(ctx.db, fileInput(read, m.mapping, m.absenceMapping));
    return {
      format: read.format,
      encoding: read.encoding,
      separator: read.separator,
      headers: read.sheet.headers,
      dataRows: read.sheet.records.length,
      proposedMapping: m.proposed,
      savedMapping: m.remembered,
      mapping: m.mapping,
      absences: read.absences
        ? {
            source: read.absences.source,
            fileName: read.absences.fileName,
            headers: read.absences.sheet.headers,
            dataRows: read.absences.sheet.records.length,
            proposedMapping: m.proposedA,
            savedMapping: m.rememberedA,
            mapping: m.absenceMapping,
          }
        : null,
      plan,
    };
  }),
  'members.import.run': command(
    runInput,
    (ctx, input) => {
      const read = readFiles(input);
      const { absenceMapping } = mappings(ctx, read, input);
      const planned = planImport(ctx.db, fileInput(read, input.mapping, absenceMapping));
      const absent = new Set(planned.plan.absent.map((a) => a.id));
      const stray = input.archiveIds.filter((id) => !absent.has(id));
      if (stray.length)
        throw new AppError(
          'conflict',
          tr(`Only members absent from the file can be archived (not #${stray.join(', #')}).`, `Seuls les membres absents du fichier peuvent être archivés (pas n°${stray.join(', n°')}).`),
        );
      if (input.saveMapping) {
        saveMemberMapping(ctx.db, 'members', input.mapping, ctx.now());
        if (read.absences) saveMemberMapping(ctx.db, 'absences', absenceMapping, ctx.now());
      }
      return applyImport(ctx.db, planned, input.archiveIds, ctx.now());
    },
    { durable: true },
  ),
  /** Renders in the background like the reports; the file is fetched with exports.download. */
  'members.export': command(z.object({ format: z.enum(['csv', 'xlsx']) }), (ctx, { format }) => {
    const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
    const name = `${tr('network', 'reseau')}-${stamp}.${format}`;
    if (format === 'csv') return startJob(name, 'text/csv;charset=utf-8', Promise.resolve(exportCsv(ctx.db)));
    return startJob(name, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exportXlsx(ctx.db, ctx.now()));
  }),
};
