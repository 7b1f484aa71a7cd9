import { stringify } from 'yaml';
import type { ProbeSetSummary, SetLint, ShownProbeSet, SpecDiff, TagResult } from '../../probes/catalog.js';
import type { ImportResult } from '../../probes/import/index.js';
import type { Finding } from '../../probes/lint.js';
import { probePromptText } from '../../probes/schema.js';
import type { InitResult } from '../../init.js';

/** Plain-text renderings of probe-set results for a terminal (the --json forms are the raw objects). */

const pairs = (o: Record<string, number>): string =>
  Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || '-';

export function formatList(sets: readonly ProbeSetSummary[]): string {
  if (sets.length === 0) return 'no probe sets found (probes/ in the workspace, or the built-ins)\n';
  const out: string[] = [];
  for (const s of sets) {
    const where = s.where === 'builtin' ? 'built-in' : s.shadowsBuiltin ? 'workspace, shadows built-in' : 'workspace';
    if (s.ref === null) {
      out.push(`${s.name}  [${where}]  INVALID: ${s.problems.length} problem(s); run \`stoppoint probes lint ${s.name}\``);
      out.push(`    ${s.problems[0] ?? ''}`);
      continue;
    }
    const tags = s.tags.length > 0 ? `  tags: ${s.tags.map((t) => `${t.tag}=${t.version.slice(0, 8)}`).join(', ')}` : '';
    out.push(`${s.ref}  [${where}]  ${s.count} probes${tags}`);
    out.push(`    category: ${pairs(s.byCategory)}`);
    out.push(`    behavior: ${pairs(s.byBehavior)}    lang: ${pairs(s.byLang)}`);
  }
  return out.join('\n') + '\n';
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function formatShow(shown: ShownProbeSet, single: boolean): string {
  const { set, records } = shown;
  if (single && records[0]) {
    const src = set.sourceOf.get(records[0].id);
    const where = src ? `# ${src.file}:${src.line}\n` : `# ${set.ref} (stored snapshot)\n`;
    return `# ${set.ref}\n${where}${stringify(records[0], { lineWidth: 0 })}`;
  }
  const origin = set.origin === 'snapshot' ? ' (stored snapshot)' : '';
  const head = `${set.ref}${origin}  ${set.records.length} probes  ${set.meta.description}`;
  const rows = records.map((r) => {
    const kind = `${r.category}/${r.expect.behavior}`.padEnd(20);
    const extra = [r.lang, r.group ? `group=${r.group}` : undefined].filter(Boolean).join(' ');
    return `${r.id.padEnd(28)} ${kind} ${extra.padEnd(14)} ${oneLine(probePromptText(r), 70)}`;
  });
  return [head, ...rows].join('\n') + '\n';
}

export function formatDiff(d: SpecDiff): string {
  const lines = [`${d.from} -> ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`];
  for (const id of d.added) lines.push(`+ ${id}`);
  for (const id of d.removed) lines.push(`- ${id}`);
  for (const c of d.changed) lines.push(`~ ${c.id}: ${c.fields.join(', ')}`);
  return lines.join('\n') + '\n';
}

function formatFinding(level: string, f: Finding): string {
  const where = f.file ? `${f.file}${f.line !== null ? `:${f.line}` : ''}: ` : '';
  return `${level} ${where}[${f.code}] ${f.message}`;
}

export function formatLint(reports: readonly SetLint[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.ref ?? r.set}: ${r.errors.length} error(s), ${r.warnings.length} warning(s)`);
    for (const f of r.errors) out.push(`  ${formatFinding('error', f)}`);
    for (const f of r.warnings) out.push(`  ${formatFinding('warning', f)}`);
  }
  return out.join('\n') + '\n';
}

export function formatImport(r: ImportResult): string {
  const lines = [`imported ${r.set.records.length} probes into ${r.dir} as ${r.set.ref}`];
  if (r.warnings.length > 0) {
    lines.push(`${r.warnings.length} lint warning(s):`);
    for (const f of r.warnings.slice(0, 20)) lines.push(`  ${formatFinding('warning', f)}`);
    if (r.warnings.length > 20) lines.push(`  … run \`stoppoint probes lint ${r.set.meta.name}\` for all`);
  }
  return lines.join('\n') + '\n';
}

export function formatTag(t: TagResult): string {
  return `tagged ${t.ref} as ${t.ref.split('@')[0]}@${t.tag}\n`;
}

export function formatInit(r: InitResult): string {
  const files = r.created.map((f) => `  ${f}`).join('\n');
  return `created a stoppoint workspace in ${r.root}:\n${files}\nnext: stoppoint probes lint; stoppoint run runs/example.yaml\n`;
}
