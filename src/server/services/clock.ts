/** Instants are stored as ISO-8601 UTC text, which sorts and compares correctly as text in both databases. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function hoursFrom(instant: Date, hours: number): string {
  return new Date(instant.getTime() + hours * 3_600_000).toISOString();
}
