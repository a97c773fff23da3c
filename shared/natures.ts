/**
 * Call natures: the local codes a call-taker types, each mapped to an APCO-style common code.
 * `mh` marks natures that are mental-health related. Which of them a civilian team may take
 * alone is configuration (server/response-rules.json), not part of this shared vocabulary.
 */
export interface Nature {
  code: string;
  common: string;
  label: string;
  mh: boolean;
}

const table: Nature[] = [
  { code: 'EDP', common: 'EDP', label: 'Emotionally disturbed person', mh: true },
  { code: 'MNTL', common: 'MNTL', label: 'Mental health crisis', mh: true },
  { code: 'MTLV', common: 'MTLV', label: 'Mental health crisis, violent', mh: true },
  { code: 'SUICTHRT', common: 'SUICTHRT', label: 'Suicide threat', mh: true },
  { code: 'SUICIDE', common: 'SUICIDE', label: 'Suicide attempt', mh: true },
  { code: 'WELFARE', common: 'WELFARE', label: 'Welfare check', mh: true },
  { code: 'OD', common: 'OD', label: 'Overdose', mh: true },
  { code: 'INTOX', common: 'INTOX', label: 'Intoxicated person', mh: true },
  { code: 'TRESPASS', common: 'TRESPASS', label: 'Trespass', mh: true },
  { code: 'CITASST', common: 'CITASST', label: 'Citizen assist', mh: true },
  { code: 'DISTURB', common: 'DISTURB', label: 'Disturbance', mh: true },
  // Local aliases: 5150 is the California/Colorado shorthand for an involuntary psychiatric hold.
  { code: '5150', common: 'MNTL', label: 'Mental health hold (5150)', mh: true },
  { code: '10-96', common: 'EDP', label: 'Mental subject (10-96)', mh: true },
  // Not mental-health related.
  { code: 'ASSAULT', common: 'ASSAULT', label: 'Assault', mh: false },
  { code: 'BURGLARY', common: 'BURGLARY', label: 'Burglary', mh: false },
  { code: 'THEFT', common: 'THEFT', label: 'Theft', mh: false },
  { code: 'TRAFFIC', common: 'TRAFFIC', label: 'Traffic accident', mh: false },
  { code: 'MEDICAL', common: 'MEDICAL', label: 'Medical emergency', mh: false },
  { code: 'FIRE', common: 'FIRE', label: 'Structure fire', mh: false },
  { code: 'ALARM', common: 'ALARM', label: 'Alarm', mh: false },
  { code: 'SHOTS', common: 'SHOTS', label: 'Shots fired', mh: false },
  { code: 'DOMESTIC', common: 'DOMESTIC', label: 'Domestic violence', mh: false },
  { code: 'SUSP', common: 'SUSP', label: 'Suspicious person', mh: false },
  { code: 'NOISE', common: 'NOISE', label: 'Noise complaint', mh: false },
];

export const NATURES: ReadonlyMap<string, Nature> = new Map(table.map((n) => [n.code, n]));

/** The nature for a code, or a neutral entry for a code this center has not mapped. */
export function natureOf(code: string): Nature {
  return NATURES.get(code.toUpperCase()) ?? { code, common: code, label: code, mh: false };
}
