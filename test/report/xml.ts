/**
 * A strict XML well-formedness check for the SVG the chart functions return: balanced tags, quoted
 * attributes without duplicates, no raw `<` in text or attributes, and only known entity references.
 * Throws with the offset of the first problem.
 */
export function assertWellFormedXml(xml: string): { elements: number; root: string } {
  const stack: string[] = [];
  let elements = 0;
  let root = '';
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why} near ${JSON.stringify(xml.slice(Math.max(0, i - 30), i + 30))}`);
  };
  const checkText = (text: string): void => {
    if (text.includes('<')) fail('raw < in text');
    for (const m of text.matchAll(/&([^;]*);?/g)) {
      if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) fail(`bad entity ${m[0]}`);
    }
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      checkText(xml.slice(i));
      break;
    }
    checkText(xml.slice(i, lt));
    i = lt;
    const gt = xml.indexOf('>', i);
    if (gt < 0) fail('unclosed tag');
    const tag = xml.slice(i + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) fail(`unexpected </${name}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z][\w:.-]*)([\s\S]*)$/.exec(body);
      if (!m) fail('bad tag name');
      const name = m![1]!;
      let rest = m![2]!.trim();
      const seen = new Set<string>();
      while (rest.length) {
        const a = /^([A-Za-z_:][\w:.-]*)="([^"]*)"\s*/.exec(rest);
        if (!a) fail(`bad attribute in <${name}>: ${rest.slice(0, 30)}`);
        if (seen.has(a![1]!)) fail(`duplicate attribute ${a![1]}`);
        seen.add(a![1]!);
        checkText(a![2]!);
        rest = rest.slice(a![0].length);
      }
      if (stack.length === 0) {
        if (root) fail('second root element');
        root = name;
      }
      elements++;
      if (!selfClosing) stack.push(name);
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
  if (!root) throw new Error('no root element');
  return { elements, root };
}

/** Count of elements with the class `pt` (data points drawn by the chart functions). */
export function countPoints(svg: string): number {
  return (svg.match(/class="pt"/g) ?? []).length;
}
