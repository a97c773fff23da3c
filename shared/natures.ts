/**
 * Call natures: the local codes a call-taker types, each mapped to an APCO-style common code.
 * `mh` marks natures that are mental-health related; `altEligible` marks those a civilian
 * team (STAR-style clinician + paramedic) may take alone when there are no weapons or violence.
 * The recommendation rules that use `altEligible` are configuration (issue 3); this table is
 * the shared vocabulary both server and board use to name a nature.
 */
export interface Nature {
  code: string;
  common: string;
  label: string;
  mh: boolean;
  altEligible: boolean;
}

const table: Nature[] = [
  { code: 'EDP', common: 'EDP', label: 'Emotionally disturbed person', mh: true, altEligible: true },
  { code: 'MNTL', common: 'MNTL', label: 'Mental health crisis', mh: true, altEligible: true },
  { code: 'MTLV', common: 'MTLV', label: 'Mental health crisis, violent', mh: true, altEligible: false },
  { code: 'SUICTHRT', common: 'SUICTHRT', label: 'Suicide threat', mh: true, altEligible: true },
  { code: 'SUICIDE', common: 'SUICIDE', label: 'Suicide attempt', mh: true, altEligible: false },
  { code: 'WELFARE', common: 'WELFARE', label: 'Welfare check', mh: true, altEligible: true },
  { code: 'OD', common: 'OD', label: 'Overdose', mh: true, altEligible: false },
  { code: 'INTOX', common: 'INTOX', label: 'Intoxicated person', mh: true, altEligible: true },
  { code: 'TRESPASS', common: 'TRESPASS', label: 'Trespass', mh: true, altEligible: true },
  { code: 'CITASST', common: 'CITASST', label: 'Citizen assist', mh: true, altEligible: true },
  { code: 'DISTURB', common: 'DISTURB', label: 'Disturbance', mh: true, altEligible: true },
  // Local aliases: 5150 is the California/Colorado shorthand for an involuntary psychiatric hold.
  { code: '5150', common: 'MNTL', label: 'Mental health hold (5150)', mh: true, altEligible: false },
  { code: '10-96', common: 'EDP', label: 'Mental subject (10-96)', mh: true, altEligible: true },
  // Not mental-health related.
  { code: 'ASSAULT', common: 'ASSAULT', label: 'Assault', mh: false, altEligible: false },
  { code: 'BURGLARY', common: 'BURGLARY', label: 'Burglary', mh: false, altEligible: false },
  { code: 'THEFT', common: 'THEFT', label: 'Theft', mh: false, altEligible: false },
  { code: 'TRAFFIC', common: 'TRAFFIC', label: 'Traffic accident', mh: false, altEligible: false },
  { code: 'MEDICAL', common: 'MEDICAL', label: 'Medical emergency', mh: false, altEligible: false },
  { code: 'FIRE', common: 'FIRE', label: 'Structure fire', mh: false, altEligible: false },
  { code: 'ALARM', common: 'ALARM', label: 'Alarm', mh: false, altEligible: false },
  { code: 'SHOTS', common: 'SHOTS', label: 'Shots fired', mh: false, altEligible: false },
  { code: 'DOMESTIC', common: 'DOMESTIC', label: 'Domestic violence', mh: false, altEligible: false },
  { code: 'SUSP', common: 'SUSP', label: 'Suspicious person', mh: false, altEligible: false },
  { code: 'NOISE', common: 'NOISE', label: 'Noise complaint', mh: false, altEligible: false },
];

export const NATURES: ReadonlyMap<string, Nature> = new Map(table.map((n) => [n.code, n]));

/** The nature for a code, or a neutral entry for a code this center has not mapped. */
export function natureOf(code: string): Nature {
  return NATURES.get(code.toUpperCase()) ?? { code, common: code, label: code, mh: false, altEligible: false };
}
