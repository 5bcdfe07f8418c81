/** The checked filter as explain gives it (`(and (eq status/code:synchronizationStatusCode 'Active':…) …)`), as a tree. */
export type TreeNode = { readonly label: string; readonly children: readonly TreeNode[] };

export function parseTree(text: string): TreeNode | undefined {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && text[i] === ' ') i++;
  };
  const atom = (): string => {
    const start = i;
    let quoted = false;
    while (i < text.length) {
      const char = text[i]!;
      if (char === "'") {
        // '' inside a literal is an escaped quote
        if (quoted && text[i + 1] === "'") i++;
        else quoted = !quoted;
      } else if (!quoted && (char === ' ' || char === '(' || char === ')')) break;
      i++;
    }
    return text.slice(start, i);
  };
  const node = (): TreeNode | undefined => {
    skipSpace();
    if (text[i] !== '(') {
      const label = atom();
      return label === '' ? undefined : { label, children: [] };
    }
    i++;
    skipSpace();
    const label = atom();
    const children: TreeNode[] = [];
    for (;;) {
      skipSpace();
      if (i >= text.length) break;
      if (text[i] === ')') {
        i++;
        break;
      }
      const child = node();
      if (!child) break;
      children.push(child);
    }
    return { label, children };
  };
  return node();
}
