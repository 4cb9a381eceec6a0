/** Prints figures the same way everywhere: a label, a value with unit, and an optional ratio to its baseline. */
export function line(label: string, value: string, ratio?: { value: number; against: string; goal?: string }): void {
  const ratioText = ratio ? `   ${ratio.value.toFixed(2)}× ${ratio.against}${ratio.goal ? ` (goal ${ratio.goal})` : ''}` : '';
  process.stdout.write(`  ${label.padEnd(52)} ${value.padStart(16)}${ratioText}\n`);
}

export function heading(title: string): void {
  process.stdout.write(`\n${title}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
