import type { HouseholdMemberView, ProfileScope, ProfileView, SafetyProfile } from '../../shared/profile';
import type { Role } from '../../shared/roles';

type CallerRole = Role | 'ingest';

/**
 * Who sees which fields of a safety profile. Pure: the service decides whether a grant allows
 * a view at all; this decides what the view holds.
 *
 * | field                                   | coordinator (clinical) | dispatcher, supervisor (safety) | wall, admin, ingest |
 * |-----------------------------------------|------------------------|---------------------------------|---------------------|
 * | address, updatedAt                      | yes                    | yes                             | nothing             |
 * | member name, age, relationship          | yes                    | yes                             | nothing             |
 * | communication needs                     | yes                    | yes                             | nothing             |
 * | de-escalation notes                     | yes                    | yes                             | nothing             |
 * | sensory triggers ("no sirens")          | yes                    | yes                             | nothing             |
 * | pets, access notes, safety notes        | yes                    | yes                             | nothing             |
 * | conditions (diagnoses), medications,    | yes, with shareClinical| no                              | nothing             |
 * |   allergies                             |                        |                                 |                     |
 * | emergency contacts                      | yes                    | no                              | nothing             |
 *
 * Why: dispatchers and supervisors relay to law enforcement, who need what keeps everyone safe
 * on arrival (who lives there, how to approach and talk to them, what to avoid, how to get in,
 * weapons or hazards) but not diagnoses or prescriptions. The co-responder coordinator sends a
 * clinician, who needs the crisis plan and who to call. The wall is on an open floor, admins
 * run the system, integrations are machines: none of them has a reason to read a household.
 *
 * Consent: shareWithResponders false shows nothing to anyone; shareClinical false removes the
 * clinical fields (conditions, medications, allergies) for every role and says so.
 */
export const PROFILE_SCOPES: Readonly<Record<CallerRole, ProfileScope | null>> = {
  coordinator: 'clinical',
  dispatcher: 'safety',
  supervisor: 'safety',
  wall: null,
  admin: null,
  ingest: null,
};

/** The profile as `role` may see it, or null when the role (or the resident's consent) allows nothing. */
export function filterProfile(profile: SafetyProfile, role: CallerRole): ProfileView | null {
  const scope = PROFILE_SCOPES[role];
  if (scope === null || !profile.consent.shareWithResponders) return null;
  const clinical = scope === 'clinical' && profile.consent.shareClinical;

  const household = profile.household.map((m): HouseholdMemberView => {
    const view: HouseholdMemberView = {
      name: m.name,
      communicationNeeds: [...m.communicationNeeds],
      deescalation: [...m.deescalation],
      sensoryTriggers: [...m.sensoryTriggers],
    };
    if (m.age !== undefined) view.age = m.age;
    if (m.relationship !== undefined) view.relationship = m.relationship;
    if (clinical) {
      view.conditions = m.conditions.map((c) => ({ ...c }));
      view.medications = [...m.medications];
      view.allergies = [...m.allergies];
    }
    return view;
  });

  const view: ProfileView = {
    profileId: profile.id,
    scope,
    updatedAt: profile.updatedAt,
    household,
    pets: [...profile.pets],
    accessNotes: [...profile.accessNotes],
    safetyNotes: [...profile.safetyNotes],
    clinicalWithheld: scope === 'clinical' && !profile.consent.shareClinical,
  };
  if (profile.address !== undefined) view.address = profile.address;
  if (scope === 'clinical') view.emergencyContacts = profile.emergencyContacts.map((c) => ({ ...c }));
  return view;
}

/** Whether the profile notes a mental-health condition the resident agreed to share. */
export function hasSharedMentalHealthCondition(profile: SafetyProfile): boolean {
  return profile.consent.shareWithResponders && profile.consent.shareClinical && profile.household.some((m) => m.conditions.some((c) => c.mentalHealth));
}
