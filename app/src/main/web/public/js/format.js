// Pure text formatting: forecasts, dates, numbers, paging, "updated N s ago".
// No DOM here, so node --test can check every branch.

export const FORECAST_STATES = ['ON_TIME', 'LATE', 'NEVER', 'UNSCHEDULED'];

/** Reads a forecast in either shape: {state,date,slipDays} or a graph node's flat fields. */
export function normalizeForecast(f, flat) {
  if (f && typeof f === 'object') {
    return { state: f.state || null, date: f.date || null, slipDays: f.slipDays ?? null, neverBecause: f.neverBecause || null };
  }
  if (typeof f === 'string') {
    return { state: f, date: flat?.forecastDate || null, slipDays: flat?.slipDays ?? null, neverBecause: flat?.neverBecause || null };
  }
  return null;
}

/** The short forecast text of a table cell: "on time", "+20d", "never: cycle", "unscheduled". */
export function forecastText(f) {
  if (!f || !f.state) return 'unknown';
  switch (f.state) {
    case 'ON_TIME': return 'on time';
    case 'LATE': return f.slipDays == null ? 'late' : `+${f.slipDays}d`;
    case 'NEVER': return f.neverBecause ? `never: ${String(f.neverBecause).toLowerCase()}` : 'never';
    case 'UNSCHEDULED': return 'unscheduled';
    default: return String(f.state).toLowerCase();
  }
}

/** The forecast with its date when it has one: "+20d (2027-03-10)", "on time (2027-02-01)". */
export function forecastLong(f) {
  const short = forecastText(f);
  return f && f.date ? `${short} (${f.date})` : short;
}

/** One sentence explaining the forecast of a launch (with steps when the API gave them). */
export function forecastExplained(launch) {
  const f = launch?.forecast;
  if (!f || !f.state) return 'No forecast.';
  const steps = Array.isArray(f.steps) ? f.steps : [];
  const last = steps.length ? steps[steps.length - 1] : null;
  const via = last && last.milestoneId !== launch.launchId
    ? ` because of ${last.milestoneId} (${last.teamId || 'no team'})${last.forecast?.date ? ` forecast ${last.forecast.date}` : ''}`
    : '';
  switch (f.state) {
    case 'ON_TIME':
      return `ON TIME: forecast ${f.date || 'undated'}, due ${launch.dueDate || 'undated'}.`;
    case 'LATE':
      return `LATE by ${f.slipDays ?? '?'} ${f.slipDays === 1 ? 'day' : 'days'}: forecast ${f.date || '?'} against due ${launch.dueDate || '?'}${via}.`;
    case 'NEVER':
      return `NEVER as planned${f.neverBecause ? ` (${neverReason(f.neverBecause)})` : ''}${via}.`;
    case 'UNSCHEDULED':
      return `UNSCHEDULED: a milestone on the critical path has no due date${via}.`;
    default:
      return `${f.state}.`;
  }
}

export function neverReason(code) {
  switch (code) {
    case 'CYCLE': return 'a dependency cycle';
    case 'CANCELLED': return 'a needed milestone was cancelled';
    case 'RETIRED': return 'a needed milestone was retired';
    case 'UNKNOWN': return 'a needed milestone does not exist';
    default: return String(code).toLowerCase();
  }
}

/** Which visual state a node/launch is in: done, never, late, blocked, unscheduled, on-time. */
export function stateOf(status, forecast, blocked) {
  const st = String(status || '').toUpperCase();
  if (st === 'DONE') return 'done';
  const s = forecast?.state;
  if (st === 'CANCELLED') return 'never';
  if (s === 'NEVER') return 'never';
  if (s === 'LATE') return 'late';
  if (blocked) return 'blocked';
  if (s === 'UNSCHEDULED') return 'unscheduled';
  return 'on-time';
}

/** "1,234" without depending on the runtime's locale data. */
export function formatNumber(n) {
  if (n == null || Number.isNaN(Number(n))) return '?';
  const neg = n < 0;
  const digits = String(Math.abs(Math.trunc(n)));
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return neg ? `-${withCommas}` : withCommas;
}

/** "51-100 of 9,000"; "0 of 0" when empty. */
export function pagingText(offset, shown, total) {
  if (!total || !shown) return `0 of ${formatNumber(total || 0)}`;
  return `${formatNumber(offset + 1)}-${formatNumber(offset + shown)} of ${formatNumber(total)}`;
}

export function dateText(d) {
  return d ? String(d) : 'no date';
}

/** "updated 3 s ago", "updated 2 min ago", "updated 1 h ago"; "no changes yet" without a time. */
export function updatedAgo(iso, nowMs) {
  if (!iso) return 'no changes yet';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'no changes yet';
  const s = Math.max(0, Math.floor((nowMs - t) / 1000));
  if (s < 60) return `updated ${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `updated ${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `updated ${h} h ago`;
  return `updated ${Math.floor(h / 24)} d ago`;
}

/** Distinct team ids of a launch's root blockers, in first-seen order. */
export function rootTeams(launch) {
  const seen = [];
  for (const r of launch?.rootBlockers || []) {
    if (r.teamId && !seen.includes(r.teamId)) seen.push(r.teamId);
  }
  return seen;
}

export function yesNo(b) {
  return b ? 'blocked' : '-';
}
