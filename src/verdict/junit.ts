import type { Signal } from '../signals/types.js';
import { contractDetail, contractLabel } from './describe.js';
import type { GateResult } from './gate.js';
import type { ContractCheck, Verdict } from './schema.js';

/** The run's context; passed in so the same verdict always gives the same file. */
export interface JUnitContext {
  /** When the verdict was computed (written without a zone, as the JUnit schema wants, in UTC). */
  timestamp: Date;
  hostname: string;
}

interface TestCase {
  name: string;
  classname: string;
  /** Present when the case fails. */
  failure?: { message: string; type: string; text: string };
}

/** One <testsuite>: what a verdict and a gate have in common. */
interface Suite {
  experiment: string;
  properties: [string, string][];
  cases: TestCase[];
  systemOut: string;
}

/**
 * The verdict as one JUnit <testsuite>: one test case per contract rule and per signal. A broken
 * rule and a fired stop-severity signal are failures carrying their evidence; a fired warning
 * passes (CI should not go red on it) and is listed in <system-out>. Valid against the Ant/Jenkins
 * JUnit schema (test/fixtures/junit/JUnit.xsd).
 */
export function verdictToJUnit(v: Verdict, ctx: JUnitContext): string {
  return renderSuite(
    {
      experiment: v.experiment,
      properties: [
        ['experiment', v.experiment],
        ['verdict', v.verdict],
        ['action', v.action],
        ['freeze_candidate', v.freeze_candidate ?? ''],
      ],
      cases: [...v.contract.map((c) => contractCase(v.experiment, c)), ...v.signals.map((s) => signalCase(v.experiment, s))],
      systemOut: systemOut(v),
    },
    ctx,
  );
}

/** `gate`: one test case per contract rule checked (against the baseline and the best before). */
export function gateToJUnit(g: GateResult, ctx: JUnitContext): string {
  const broken = g.contract.filter((c) => !c.ok).length;
  return renderSuite(
    {
      experiment: g.experiment,
      properties: [
        ['experiment', g.experiment],
        ['gate', g.ok ? 'pass' : 'fail'],
        ['candidate', g.candidate ?? ''],
        ['baseline', g.baseline ?? ''],
        ['best_before', g.best_before ?? ''],
      ],
      cases: g.contract.map((c) => contractCase(g.experiment, c)),
      systemOut: `gate: ${g.ok ? 'pass' : 'fail'}: ${g.contract.length - broken}/${g.contract.length} contract rules hold for ${g.candidate ?? 'no candidate'}`,
    },
    ctx,
  );
}

function renderSuite(suite: Suite, ctx: JUnitContext): string {
  const failures = suite.cases.filter((c) => c.failure !== undefined).length;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${attr(`stoppoint.${suite.experiment}`)}" timestamp="${zoneless(ctx.timestamp)}" hostname="${attr(ctx.hostname || 'localhost')}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    '  <properties>',
    ...suite.properties.map(([k, val]) => `    <property name="${attr(k)}" value="${attr(val)}"/>`),
    '  </properties>',
  ];
  for (const c of suite.cases) {
    const open = `  <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="0"`;
    if (c.failure === undefined) {
      out.push(`${open}/>`);
    } else {
      out.push(`${open}>`, `    <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.text)}</failure>`, '  </testcase>');
    }
  }
  out.push(`  <system-out>${text(suite.systemOut)}</system-out>`, '  <system-err></system-err>', '</testsuite>', '');
  return out.join('\n');
}

function contractCase(experiment: string, c: ContractCheck): TestCase {
  const name = `contract: ${contractLabel(c)}`;
  const classname = `stoppoint.${experiment}.contract`;
  if (c.ok) return { name, classname };
  return {
    name,
    classname,
    failure: { message: `broken: ${contractDetail(c)}`, type: `contract.${c.rule}`, text: JSON.stringify(c, null, 2) },
  };
}

function signalCase(experiment: string, s: Signal): TestCase {
  const name = `signal: ${s.id}`;
  const classname = `stoppoint.${experiment}.signals`;
  if (!(s.fired && s.severity === 'stop')) return { name, classname };
  return {
    name,
    classname,
    failure: { message: s.summary, type: `signal.${s.id}`, text: `${s.summary}\n\nevidence:\n${JSON.stringify(s.evidence, null, 2)}` },
  };
}

function systemOut(v: Verdict): string {
  const lines = [`verdict: ${v.verdict} (${v.action})${v.freeze_candidate ? `, freeze ${v.freeze_candidate}` : ''}`];
  if (v.reason) lines.push(v.reason);
  for (const s of v.signals.filter((x) => x.fired && x.severity !== 'stop')) lines.push(`${s.severity}: ${s.id}: ${s.summary}`);
  for (const r of v.freeze_risks) lines.push(`freeze risk: ${r.metric} = ${r.value}: ${r.why}`);
  return lines.join('\n');
}

/** `2026-05-01T12:00:00`: the schema's pattern has no zone and no fraction. */
function zoneless(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/**
 * XML 1.0 cannot carry most control characters even escaped, and model text may hold them (or
 * lone surrogates): they become U+FFFD so the file always parses.
 */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep line breaks (a raw newline would be normalised to a space). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
