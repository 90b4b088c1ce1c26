import { LabError } from '../../model';
import { fleetProfile } from './fleet';
import { motorProfile, resolveMotorParams, type MotorParams } from './motor';
import { pressProfile } from './press';
import { servoProfile } from './servo';
import type { Profile } from './types';

export type { MachineContext, Profile, ProfileMachine } from './types';
export type { MotorParams } from './motor';
export { DEFAULT_MOTOR } from './motor';

export const PROFILE_NAMES = ['servo', 'fleet', 'motor', 'press'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ProfileOptions {
  motor?: Partial<MotorParams> | undefined;
}

/** Looks a profile up by name; an unknown name is a usage error listing the known ones. */
export function createProfile(name: string, options: ProfileOptions = {}): Profile {
  switch (name) {
    case 'servo':
      return servoProfile;
    case 'fleet':
      return fleetProfile;
    case 'motor':
      return motorProfile(resolveMotorParams(options.motor));
    case 'press':
      return pressProfile;
    default:
      throw new LabError('usage', `unknown profile "${String(name)}" (known: ${PROFILE_NAMES.join(', ')})`);
  }
}
