/**
 * The device PIN (docs/DOMAIN.md §6, "Data on the device"): six digits that unlock the app offline, five wrong
 * tries allowed. Five tries among a million PINs is safe only if the PIN is not one of the few everybody tries
 * first, so those are refused: one digit six times, a run up or down, a pair or a triple repeated.
 */
export const PIN_LENGTH = 6;

export function isPinShaped(pin: string): boolean {
  return pin.length === PIN_LENGTH && /^[0-9]+$/.test(pin);
}

export function isGuessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((digit, i) => (digit - digits[i]! + 10) % 10);
  if (steps.every((step) => step === steps[0]) && (steps[0] === 0 || steps[0] === 1 || steps[0] === 9)) return true;
  const repeats = (period: number) => digits.every((digit, i) => digit === digits[i % period]);
  return repeats(2) || repeats(3);
}
