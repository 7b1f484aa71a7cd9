import { Composer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * Collections inside collections, at most. stoppoint's files (plans, probes, scenarios, graders)
 * need fewer than ten; the yaml library composes documents recursively and runs out of stack
 * somewhere near a thousand, which it reports as "Maximum call stack size exceeded".
 */
export const MAX_YAML_DEPTH = 100;

export type BoundedParse = { ok: true; doc: Document.Parsed } | { ok: false; offset: number; message: string };

/**
 * `parseDocument` with a bound on nesting: the text is parsed once into the yaml library's CST
 * (its parser is iterative, so any depth is safe there), each document's depth is measured
 * without recursion, and only a document within the bound is composed. Several documents in one
 * file are an error, as with `parseDocument`.
 */
export function parseBoundedDocument(
  text: string,
  lineCounter: LineCounter,
  options: ParseOptions & DocumentOptions & SchemaOptions,
  maxDepth: number = MAX_YAML_DEPTH,
): BoundedParse {
  let tooDeep: number | undefined;
  function* checked(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      tooDeep = firstTooDeep(token, maxDepth);
      if (tooDeep !== undefined) return;
      yield token;
    }
  }
  const composer = new Composer(options);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(checked(new Parser(lineCounter.addNewLine).parse(text)), true, text.length)) {
    if (tooDeep !== undefined) break;
    if (!doc) doc = next;
    else {
      const [start, end] = next.range;
      doc.errors.push(new YAMLParseError([start, end], 'MULTIPLE_DOCS', 'Source contains multiple documents; a file holds one'));
      break;
    }
  }
  if (tooDeep !== undefined) {
    return { ok: false, offset: tooDeep, message: `nesting deeper than ${maxDepth} levels (collections inside collections)` };
  }
  // compose(…, forceDoc = true) always yields a document, an empty one for empty text.
  return { ok: true, doc: doc! };
}

/** Offset of the first collection nested deeper than `max` in a CST token, walked with a stack. */
export function firstTooDeep(root: CST.Token, max: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [{ token: root, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { token, depth } = top;
    const push = (child: CST.Token | null | undefined, d: number): void => {
      if (child) stack.push({ token: child, depth: d });
    };
    switch (token.type) {
      case 'document':
        push(token.value, depth);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const d = depth + 1;
        if (d > max) return token.offset;
        // Pushed last to first, so they pop in document order: the first found is the earliest.
        for (let i = token.items.length - 1; i >= 0; i--) {
          push(token.items[i]!.value, d);
          push(token.items[i]!.key, d);
        }
        break;
      }
      default:
        break; // scalars, aliases, comments: no nesting
    }
  }
  return undefined;
}
