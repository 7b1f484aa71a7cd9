/**
 * A heuristic detector for regexes prone to catastrophic backtracking (ReDoS). It does not
 * prove safety; it flags the two shapes behind nearly every real case:
 *  - a repeated group whose body itself repeats: (a+)+, (.*)*, (\w+\s?)*
 *  - a repeated alternation whose branches can match the same text: (a|a)*, (\w|\d)+
 * A grader running such a pattern on a long model reply can hang for minutes.
 */

export interface RegexRisk {
  kind: 'nested-quantifier' | 'overlapping-alternation';
  /** The risky part of the pattern, for the message. */
  fragment: string;
}

interface Frame {
  start: number;
  /** The body contains a quantifier that repeats a variable number of times. */
  repeats: boolean;
  /** Top-level branch texts of the group, split at `|`. */
  branches: string[];
  branchStart: number;
}

export function regexRisk(pattern: string): RegexRisk | undefined {
  const stack: Frame[] = [{ start: 0, repeats: false, branches: [], branchStart: 0 }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      i = afterQuantifier(pattern, i + 2, top);
    } else if (c === '[') {
      i = afterQuantifier(pattern, classEnd(pattern, i), top);
    } else if (c === '(') {
      const bodyStart = groupBodyStart(pattern, i);
      stack.push({ start: i, repeats: false, branches: [], branchStart: bodyStart });
      i = bodyStart;
    } else if (c === '|') {
      top.branches.push(pattern.slice(top.branchStart, i));
      top.branchStart = i + 1;
      i++;
    } else if (c === ')' && stack.length > 1) {
      stack.pop();
      top.branches.push(pattern.slice(top.branchStart, i));
      const parent = stack[stack.length - 1]!;
      const q = quantifierAt(pattern, i + 1);
      const fragment = pattern.slice(top.start, q ? q.end : i + 1);
      if (q?.unbounded && top.repeats) return { kind: 'nested-quantifier', fragment };
      if (q?.unbounded && branchesOverlap(top.branches)) return { kind: 'overlapping-alternation', fragment };
      // A repeated body makes the enclosing group repeat too, even when this group is not quantified.
      if (top.repeats || q?.variable) parent.repeats = true;
      i = q ? q.end : i + 1;
    } else {
      i = afterQuantifier(pattern, i + 1, top);
    }
  }
  return undefined;
}

interface Quantifier {
  end: number;
  /** Repeats a variable number of times: *, +, ?, {n,}, {n,m} with m > n. */
  variable: boolean;
  /** Repeats many times: *, +, {n,} or a large upper bound. */
  unbounded: boolean;
}

function quantifierAt(p: string, i: number): Quantifier | undefined {
  const c = p[i];
  let q: Quantifier | undefined;
  if (c === '*' || c === '+') q = { end: i + 1, variable: true, unbounded: true };
  else if (c === '?') q = { end: i + 1, variable: true, unbounded: false };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (m) {
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      q = { end: i + m[0].length, variable: hi > lo, unbounded: hi >= 10 };
    }
  }
  // A lazy or possessive-looking suffix does not change how much can backtrack.
  if (q && p[q.end] === '?') q.end++;
  return q;
}

function afterQuantifier(p: string, i: number, frame: Frame): number {
  const q = quantifierAt(p, i);
  if (!q) return i;
  if (q.variable) frame.repeats = true;
  return q.end;
}

function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

function groupBodyStart(p: string, i: number): number {
  if (p[i + 1] !== '?') return i + 1;
  const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(p.slice(i));
  if (named) return i + named[0].length;
  const m = /^\(\?(:|=|!|<=|<!)/.exec(p.slice(i));
  return m ? i + m[0].length : i + 1;
}

function firstAtom(branch: string): string {
  if (branch.startsWith('\\')) return branch.slice(0, 2);
  if (branch.startsWith('[')) return branch.slice(0, classEnd(branch, 0));
  return Array.from(branch)[0] ?? '';
}

// Characters of each kind, so two first atoms "overlap" when some character matches both.
const SAMPLES = ['a', 'Z', '0', '7', '_', ' ', '\t', '\n', ',', '.', '-', '/', '中', 'é'];

function atomMatcher(atom: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${atom})$`, 'u');
  } catch {
    // A branch starting with a group or an anchor: too complex for this heuristic.
    return undefined;
  }
}

function atomsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const ma = atomMatcher(a);
  const mb = atomMatcher(b);
  if (!ma || !mb) return false;
  const literals = [a, b].filter((x) => Array.from(x).length === 1);
  return [...SAMPLES, ...literals].some((ch) => ma.test(ch) && mb.test(ch));
}

/**
 * Two branches can match the same text when one is empty, they are equal, one is a prefix of the
 * other ((a|aa)*), or one starts with a class that covers the other's first character ((\w|\d)+).
 * Branches that merely share a literal first letter ((bar|baz)*) diverge at once and are fine.
 */
function branchesOverlap(branches: readonly string[]): boolean {
  for (let a = 0; a < branches.length; a++) {
    for (let b = a + 1; b < branches.length; b++) {
      const x = branches[a]!;
      const y = branches[b]!;
      if (x === '' || y === '' || x.startsWith(y) || y.startsWith(x)) return true;
      const fx = firstAtom(x);
      const fy = firstAtom(y);
      const literal = (f: string): boolean => Array.from(f).length === 1 && f !== '.';
      if ((!literal(fx) || !literal(fy)) && atomsOverlap(fx, fy)) return true;
    }
  }
  return false;
}
