/** Renders rows as aligned text columns under a header line. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A value as shown in tables: secrets masked, control characters escaped, long values cut. */
export function displayValue(value: string, secret: boolean, max = 40): string {
  if (value === '') return '(empty)';
  if (secret) return '********';
  const shown = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}
