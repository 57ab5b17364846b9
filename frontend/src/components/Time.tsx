import { formatDate, formatDateTime } from '../time';

interface Props {
  value: string | null | undefined;
  /** dateOnly leaves out the time of day. */
  dateOnly?: boolean;
  /** empty is shown when there is no time, for example "Never". */
  empty?: string;
}

/** Time shows an API time in London time inside a <time> element. */
export function Time({ value, dateOnly, empty = '' }: Props) {
  const text = dateOnly ? formatDate(value) : formatDateTime(value);
  if (!text) return <>{empty}</>;
  return <time dateTime={value ?? undefined}>{text}</time>;
}
